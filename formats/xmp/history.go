package xmp

import "strings"

const historyPrefix = "xmpMM:History["

// decodeHistory builds Events from the xmpMM:History[i]/stEvt:* paths, one
// Event per item in item order, so that History[i] is the item at path
// xmpMM:History[i] for a packet with one History. Working from the flattened
// paths keeps it independent of the many shapes (attributes on rdf:li,
// parseType="Resource", nested rdf:Description, a "xapMM" prefix) the
// parser already reduced to one form.
//
// A second History (two descriptions each with one, which is itself a
// finding) appends its events after the first's. An item written as plain
// text instead of a structure, as a few old writers did, keeps the text in
// Parameters.
func decodeHistory(props []Property) []Event {
	var events []Event
	last := "" // index text of the item being filled; "" when the previous property was not History
	for _, pr := range props {
		if !strings.HasPrefix(pr.Path, historyPrefix) {
			last = ""
			continue
		}
		rest := pr.Path[len(historyPrefix):]
		j := strings.IndexByte(rest, ']')
		if j <= 0 || !allDigits(rest[:j]) {
			last = ""
			continue
		}
		idx, tail := rest[:j], rest[j+1:]
		if idx != last {
			events = append(events, Event{})
			last = idx
		}
		ev := &events[len(events)-1]
		var field *string
		switch tail {
		case "":
			field = &ev.Parameters
		case "/stEvt:action":
			field = &ev.Action
		case "/stEvt:when":
			field = &ev.When
		case "/stEvt:softwareAgent":
			field = &ev.SoftwareAgent
		case "/stEvt:instanceID":
			field = &ev.InstanceID
		case "/stEvt:changed":
			field = &ev.Changed
		case "/stEvt:parameters":
			field = &ev.Parameters
		}
		if field != nil && *field == "" {
			*field = pr.Value
		}
	}
	return events
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
