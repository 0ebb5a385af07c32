package main

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// runVersion handles "docprov version" and "docprov --version".
func runVersion(args []string, stdout, stderr io.Writer) int {
	fl := newCommandFlags(versionCommand, stderr)
	rest, code, ok := parseCommandLine(versionCommand, fl, args, stdout, stderr)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "docprov version: takes no arguments\n%s", versionCommand.shortUsage())
		return 2
	}
	info, _ := debug.ReadBuildInfo()
	fmt.Fprint(stdout, versionText(info))
	return 0
}

// versionText describes the build: the module's version, and the commit
// it was built from as the go command recorded it (a binary built with go
// install module@version has a version and no commit; one built in a
// checkout has "(devel)" and the commit, marked when the tree had
// uncommitted changes). A report is only as good as the program that
// wrote it, so the build must be nameable exactly.
func versionText(info *debug.BuildInfo) string {
	if info == nil {
		return "docprov: no build information (built without module support)\n"
	}
	var b strings.Builder
	version := info.Main.Version
	if version == "" {
		version = "(unknown)"
	}
	fmt.Fprintf(&b, "docprov %s\n", version)
	if info.Main.Path != "" {
		fmt.Fprintf(&b, "module   %s\n", info.Main.Path)
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		if settings["vcs.modified"] == "true" {
			rev += " (with uncommitted changes)"
		}
		fmt.Fprintf(&b, "revision %s\n", rev)
	} else if info.Main.Version == "(devel)" {
		// Said rather than left out, so that nobody takes the build
		// for a release.
		b.WriteString("revision not recorded (built outside a git checkout, or with -buildvcs=false)\n")
	}
	if t := settings["vcs.time"]; t != "" {
		fmt.Fprintf(&b, "time     %s\n", t)
	}
	fmt.Fprintf(&b, "go       %s\n", info.GoVersion)
	return b.String()
}
