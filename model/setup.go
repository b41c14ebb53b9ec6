package model

import "slices"

// SetupStep is one item of the checklist that takes an administrator from
// no Duo application to keys in hand.
type SetupStep struct {
	ID    string `json:"id"`    // stable across versions; progress refers to it
	Title string `json:"title"` // what to do, a few words
	Help  string `json:"help"`  // one line: where and how
}

// The Auth API checklist, in order (issue 4).
var authAPISteps = []SetupStep{
	{"account", "A Duo account with the Auth API",
		"You need a Duo account on a plan that includes the Auth API; ask your Duo owner, or check Billing in the Admin Panel."},
	{"login", "Log in to the Duo Admin Panel",
		"Open https://admin.duosecurity.com and sign in as an administrator who may manage applications."},
	{"applications", "Open Applications",
		"Click Applications in the left sidebar."},
	{"protect", "Protect an Application",
		"Click Protect an Application at the top of the Applications page."},
	{"find", "Find Auth API",
		"Type Auth API into the search box and find it in the list."},
	{"protect-this", "Protect this Application",
		"Click Protect this Application next to Auth API; Duo creates the application and opens its page."},
	{"keys", "Note the Integration key, Secret key and API hostname",
		"They are under Details on the application's page (click the secret key to reveal it); paste them into the form next."},
}

// webSDKStep is added for WHMCS 8.9 and later, whose Universal Prompt needs
// a Web SDK application besides the Auth API one this tool tests with.
var webSDKStep = SetupStep{"web-sdk", "Protect this Application under Web SDK",
	"Back in Applications → Protect an Application, find Web SDK, click Protect this Application, and note its Client ID, Client secret and API hostname."}

// SetupSteps returns the checklist, with the Web SDK step last when webSDK.
func SetupSteps(webSDK bool) []SetupStep {
	s := slices.Clone(authAPISteps)
	if webSDK {
		s = append(s, webSDKStep)
	}
	return s
}

// SetupProgress is where the wizard stands. It is plain data with JSON and
// TOML tags, so the config package can save it and a restarted wizard
// resumes at the same step.
type SetupProgress struct {
	Step   int      `json:"step" toml:"step"`                         // index into Steps()
	Ticked []string `json:"ticked,omitempty" toml:"ticked,omitempty"` // IDs of ticked steps
	WebSDK bool     `json:"web_sdk,omitempty" toml:"web_sdk,omitempty"`
}

// Steps is the checklist this progress walks.
func (p SetupProgress) Steps() []SetupStep { return SetupSteps(p.WebSDK) }

// Normalized clamps the step and drops ticks of steps that no longer exist
// (a saved file from another version, or the Web SDK step switched off).
func (p SetupProgress) Normalized() SetupProgress {
	steps := p.Steps()
	p.Step = min(max(p.Step, 0), len(steps)-1)
	var ticked []string
	for _, id := range p.Ticked {
		if slices.ContainsFunc(steps, func(s SetupStep) bool { return s.ID == id }) && !slices.Contains(ticked, id) {
			ticked = append(ticked, id)
		}
	}
	p.Ticked = ticked
	return p
}

// Current is the step the wizard shows.
func (p SetupProgress) Current() SetupStep { return p.Steps()[p.Normalized().Step] }

// IsTicked reports whether the step with this ID is ticked.
func (p SetupProgress) IsTicked(id string) bool { return slices.Contains(p.Ticked, id) }

// Toggle ticks or unticks the current step and reports its new state.
func (p *SetupProgress) Toggle() bool {
	*p = p.Normalized()
	id := p.Current().ID
	if i := slices.Index(p.Ticked, id); i >= 0 {
		p.Ticked = slices.Delete(p.Ticked, i, i+1)
		return false
	}
	p.Ticked = append(p.Ticked, id)
	return true
}

// TickAndNext ticks the current step and moves on (the usual Enter).
func (p *SetupProgress) TickAndNext() {
	*p = p.Normalized()
	if !p.IsTicked(p.Current().ID) {
		p.Ticked = append(p.Ticked, p.Current().ID)
	}
	p.Next()
}

// Next moves to the following step; false at the last one.
func (p *SetupProgress) Next() bool {
	*p = p.Normalized()
	if p.Step+1 >= len(p.Steps()) {
		return false
	}
	p.Step++
	return true
}

// Back moves to the previous step; false at the first one.
func (p *SetupProgress) Back() bool {
	*p = p.Normalized()
	if p.Step == 0 {
		return false
	}
	p.Step--
	return true
}

// SetWebSDK adds or removes the Web SDK step, keeping the position.
func (p *SetupProgress) SetWebSDK(on bool) {
	p.WebSDK = on
	*p = p.Normalized()
}

// Done reports whether every step is ticked.
func (p SetupProgress) Done() bool {
	for _, s := range p.Steps() {
		if !p.IsTicked(s.ID) {
			return false
		}
	}
	return true
}
