//go:build race

package main

// raceEnabled: drawing the 4800 px map takes ten times longer under the
// race detector, for nothing the race detector could find.
const raceEnabled = true
