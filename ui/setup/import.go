package setup

import (
	"fmt"
	"slices"

	tea "github.com/charmbracelet/bubbletea"

	"duotui/config"
	"duotui/ui/common"
)

// importFound is a readable duo_unix configuration with keys in it.
type importFound struct {
	path string
	keys creds
}

// importFoundMsg reports the scan for duo_unix files (found nil: none).
type importFoundMsg struct {
	found *importFound
}

// importCandidates are the files to offer: --import first, then duo_unix's.
func (m *Model) importCandidates() []string {
	var out []string
	if m.s.Import != "" {
		out = append(out, m.s.Import)
	}
	for _, p := range m.importPaths {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// findImport reads the candidates in order and reports the first that holds
// an ikey, skey and host. Unreadable files (pam_duo.conf is root's, 0600)
// are skipped without a word: the offer is a convenience.
func findImport(paths []string) tea.Cmd {
	return func() tea.Msg {
		for _, p := range paths {
			conf, _, err := config.ReadDuoUnix(p)
			if err != nil || conf.IKey == "" || !conf.SKey.IsSet() || conf.Host == "" {
				continue
			}
			return importFoundMsg{found: &importFound{path: p, keys: creds{conf.IKey, conf.SKey.Reveal(), conf.Host}}}
		}
		return importFoundMsg{}
	}
}

func (m *Model) onImportFound(msg importFoundMsg) {
	m.imp = msg.found
	if m.imp != nil && m.status.text == "" {
		m.setStatus(fmt.Sprintf("%s has an ikey, skey and host: press i to use them.", m.imp.path), common.Info)
	}
}

// applyImport fills the key form from the duo_unix file and puts the cursor
// on the form, ready for the live check.
func (m *Model) applyImport() tea.Cmd {
	if m.imp == nil || m.auth == nil || !m.mayChange() {
		return nil
	}
	m.auth.setValues(m.imp.keys)
	m.setStatus(fmt.Sprintf("Took the ikey, skey and host from %s: press enter on the last field to check them live.", m.imp.path), common.Info)
	m.stage = stageKeys
	return m.auth.f.focus(posHost)
}
