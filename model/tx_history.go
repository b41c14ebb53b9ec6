package model

import (
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"duotui/duo"
)

// DefaultTxHistory is how many transactions the Send pane keeps.
const DefaultTxHistory = 50

// TxHistory keeps the last N transactions. It is safe for concurrent use:
// every SSH session's Send pane starts transactions in the same history.
type TxHistory struct {
	mu      sync.Mutex
	max     int
	txs     []*Tx // oldest first
	nextID  uint64
	version atomic.Uint64
}

// NewTxHistory keeps at most max transactions (DefaultTxHistory if max ≤ 0).
func NewTxHistory(max int) *TxHistory {
	if max <= 0 {
		max = DefaultTxHistory
	}
	return &TxHistory{max: max}
}

// Start creates a transaction, adds it (dropping the oldest beyond the
// limit) and returns it for the caller to record statuses into.
func (h *TxHistory) Start(factor duo.Factor, user, device string, at time.Time) *Tx {
	t := NewTx(factor, user, device, at)
	t.onChange = func() { h.version.Add(1) }
	h.mu.Lock()
	h.nextID++
	t.rec.ID = h.nextID
	h.txs = append(h.txs, t)
	if over := len(h.txs) - h.max; over > 0 {
		clear(h.txs[:over])
		h.txs = slices.Delete(h.txs, 0, over)
	}
	h.mu.Unlock()
	h.version.Add(1)
	return t
}

// List returns snapshots, newest first.
func (h *TxHistory) List() []TxRecord {
	h.mu.Lock()
	txs := slices.Clone(h.txs)
	h.mu.Unlock()
	out := make([]TxRecord, len(txs))
	for i, t := range txs {
		out[len(txs)-1-i] = t.Snapshot()
	}
	return out
}

// Get returns the snapshot of the transaction with this local ID.
func (h *TxHistory) Get(id uint64) (TxRecord, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, t := range h.txs {
		if t.rec.ID == id { // ID never changes after Start
			return t.Snapshot(), true
		}
	}
	return TxRecord{}, false
}

// Version changes whenever a transaction is added or changes, so a pane can
// tell cheaply whether to re-render.
func (h *TxHistory) Version() uint64 { return h.version.Load() }

// ApprovalStats summarises a push-approval test run: N pushes sent one after
// another to the same user.
type ApprovalStats struct {
	N        int     `json:"n"`
	Approved int     `json:"approved"`
	Denied   int     `json:"denied"`
	TimedOut int     `json:"timed_out"`
	Fraud    int     `json:"fraud"`
	Errors   int     `json:"errors"`  // errors and cancellations
	Pending  int     `json:"pending"` // not final yet
	Rate     float64 `json:"rate"`    // Approved / finished (0–1)
	// Latency percentiles of approved pushes, request → approval (nearest rank).
	P50 time.Duration `json:"p50"`
	P90 time.Duration `json:"p90"`
	P99 time.Duration `json:"p99"`
}

// SummarizeApprovals computes the rate and latency percentiles of a run.
// Pending transactions are counted but left out of the rate.
func SummarizeApprovals(rs []TxRecord) ApprovalStats {
	s := ApprovalStats{N: len(rs)}
	var lat []time.Duration
	for _, r := range rs {
		switch r.Outcome {
		case OutcomeAllow:
			s.Approved++
			lat = append(lat, r.Elapsed())
		case OutcomeDeny, OutcomeSMSSent:
			s.Denied++
		case OutcomeTimeout:
			s.TimedOut++
		case OutcomeFraud:
			s.Fraud++
		case OutcomeError, OutcomeCanceled:
			s.Errors++
		default:
			s.Pending++
		}
	}
	if done := s.N - s.Pending; done > 0 {
		s.Rate = float64(s.Approved) / float64(done)
	}
	slices.Sort(lat)
	s.P50, s.P90, s.P99 = percentile(lat, 50), percentile(lat, 90), percentile(lat, 99)
	return s
}

// percentile is the nearest-rank percentile of sorted values (0 if none).
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}
