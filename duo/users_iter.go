package duo

import (
	"context"
	"iter"
)

// Users iterates over every user, MaxUsersPage at a time, calling progress
// (if not nil) with the users fetched so far and Duo's total after each
// page. The next page is fetched while the caller consumes the current one.
// Iteration ends at the first error, which is yielded once; a canceled ctx
// yields a KindCanceled error. Breaking out of the loop stops the fetching.
func (c *Client) Users(ctx context.Context, progress func(fetched, total int)) iter.Seq2[User, error] {
	return func(yield func(User, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel() // stops a prefetch in flight when the caller breaks

		type result struct {
			page UsersPage
			err  error
		}
		fetch := func(offset int) <-chan result {
			ch := make(chan result, 1)
			go func() {
				p, err := c.UsersPage(ctx, offset, MaxUsersPage)
				ch <- result{p, err}
			}()
			return ch
		}
		offset, fetched := 0, 0
		next := fetch(offset)
		for next != nil {
			res := <-next
			next = nil
			if res.err != nil {
				yield(User{}, res.err)
				return
			}
			// Guard against a next_offset that does not advance: it would
			// loop forever.
			if res.page.More && res.page.NextOffset > offset {
				offset = res.page.NextOffset
				next = fetch(offset)
			}
			fetched += len(res.page.Users)
			if progress != nil {
				progress(fetched, max(res.page.Total, fetched))
			}
			for _, u := range res.page.Users {
				if ctx.Err() != nil {
					yield(User{}, c.netError(ctx, "GET /admin/v1/users", ctx.Err(), 0))
					return
				}
				if !yield(u, nil) {
					return
				}
			}
		}
	}
}
