#!/usr/bin/env bash
# tests/ci/run.sh: .ci/run cannot lie. Its counting functions are fed a good
# automake run and broken ones (no log, a stale log, a malformed or
# inconsistent summary, a program that did not run, too few cases, nothing
# at all); each broken one must count as a failure and say why, and the
# last line must be "N passed, N failed, N skipped" with a non-zero exit
# whenever N failed is not 0.
: "${srcdir:?}"
CI_RUN_FUNCTIONS=1
# shellcheck source=/dev/null
. "$srcdir/.ci/run" || { echo "Bail out! cannot source .ci/run"; exit 1; }
set +e
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gloss-ci.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1

n=0 bad=0
t() { # t STATUS NAME
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; bad=$((bad + 1)); fi
}

PROGS="tests/a tests/b.sh"
ci_programs() { echo $PROGS; }
mkdir -p tests
# A summary like automake's test-suite.log: PASS SKIP XFAIL FAIL XPASS ERROR.
log() {
	local total=$(($1 + $2 + $3 + $4 + $5 + $6))
	printf '%s\n' "==================" "   gloss 0.1.0: ./test-suite.log" "==================" \
		"# TOTAL: $total" "# PASS:  $1" "# SKIP:  $2" "# XFAIL: $3" "# FAIL:  $4" \
		"# XPASS: $5" "# ERROR: $6" "" >test-suite.log
}
# A fresh run: the stamp first, then the results (one second apart: file
# times may have one-second resolution).
fresh() {
	rm -f test-suite.log tests/*.trs
	touch -d '-2 sec' stamp
	touch tests/a.trs tests/b.trs
}
# try CMD...: run in a subshell, keep the output and the counters.
try() {
	out=$(
		passed=0 failed=0 skipped=0
		"$@"
		echo "= $passed $failed $skipped"
	)
	counts=$(printf '%s\n' "$out" | sed -n 's/^= //p' | tail -1)
}
min_tests=5

fresh; log 7 1 0 0 0 0
try count run stamp
[ "$counts" = "7 0 1" ] && ! printf '%s' "$out" | grep -q FAILED
t $? "a good run counts its cases: 7 passed, 0 failed, 1 skipped ($counts)"

fresh; log 6 0 0 1 0 1
try count run stamp
[ "$counts" = "6 2 0" ]; t $? "FAIL and ERROR count as failed ($counts)"

fresh
try count run stamp
[ "$counts" = "0 1 0" ] && printf '%s' "$out" | grep -q "no test-suite.log"
t $? "no test-suite.log (a test program did not build) is a failure ($counts)"

fresh; log 7 0 0 0 0 0; touch -d '-10 sec' test-suite.log
try count run stamp
[ "$counts" = "0 1 0" ] && printf '%s' "$out" | grep -q "older than this run"
t $? "a test-suite.log older than the run is a failure, its numbers ignored ($counts)"

fresh; printf 'garbage\n' >test-suite.log
try count run stamp
[ "$counts" = "0 1 0" ] && printf '%s' "$out" | grep -q "malformed"
t $? "a malformed test-suite.log is a failure, not 0 passed 0 failed ($counts)"

fresh; log 7 0 0 0 0 0; sed -i 's/^# PASS: .*/# PASS: 70/' test-suite.log
try count run stamp
[ "$counts" = "0 1 0" ] && printf '%s' "$out" | grep -q "does not add up"
t $? "a summary that does not add up to TOTAL is a failure ($counts)"

fresh; log 7 0 0 0 0 0; touch -d '-10 sec' tests/b.trs
try count run stamp
[ "$counts" = "7 1 0" ] && printf '%s' "$out" | grep -q "tests/b.sh did not run"
t $? "a program without a result from this run is a failure ($counts)"

fresh; log 3 0 0 0 0 0
try count run stamp
[ "$counts" = "3 1 0" ] && printf '%s' "$out" | grep -q "only 3 test cases ran"
t $? "fewer cases than .ci/min-tests is a failure ($counts)"

try finish
[ "$(printf '%s\n' "$out" | grep -v '^=' | tail -1)" = "0 passed, 1 failed, 0 skipped" ]
t $? "nothing run at all: '0 passed, 1 failed', never '0 passed, 0 failed'"
(passed=0 failed=0 skipped=0; finish >/dev/null); st=$?
[ $st -ne 0 ]; t $? "and the exit status is not 0"

(passed=5 failed=1 skipped=0; finish >/dev/null); st1=$?
(passed=5 failed=0 skipped=2; finish >/dev/null); st0=$?
out=$(passed=5 failed=0 skipped=2; finish)
[ $st1 -ne 0 ] && [ $st0 -eq 0 ] && [ "$out" = "5 passed, 0 failed, 2 skipped" ]
t $? "the last line is 'N passed, N failed, N skipped'; exit 0 only without failures"

echo "1..$n"
[ $bad -eq 0 ]
