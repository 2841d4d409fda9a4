//go:build race

package site

// raceEnabled is true when the tests run under the race detector, which
// makes long suites several times slower.
const raceEnabled = true
