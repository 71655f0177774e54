#!/bin/sh
# cli_diskfull.sh: an import that fills the disk stops with one line, exit
# status 1, a summary that counts only what was committed, and the
# database intact at its last commit (issue 10, defect 5). The database
# lives on a 3 MB tmpfs: mounted directly as root, else in a user and
# mount namespace (unshare -rm); skipped where neither is allowed.
. "$srcdir/tests/e2e/lib.sh"
cd "$WORK" || exit 1

python3 -c '
import os
os.makedirs("in")
for i in range(2400):
    open("in/%04d.txt" % i, "w").write("Article %d. " % i + "Zoe Berg visited Oslo and met Acme people. " * 100)
'
cat >body.sh <<'BODY'
set -u
mount -t tmpfs -o size=3m tmpfs mnt || exit 77
# A first small import makes sure something was committed before the disk
# fills, whatever the speed of the machine (imports commit every 0.1 s).
"$GLOSS" --db mnt/y.db import in/000* >/dev/null 2>&1
"$GLOSS" --db mnt/y.db list 2>/dev/null | wc -l >before
"$GLOSS" --db mnt/y.db import in 2>err; echo $? >st
"$GLOSS" --db mnt/y.db list >list 2>/dev/null
"$GLOSS" --db mnt/y.db check >check 2>&1; echo $? >check.st
umount mnt
BODY
mkdir mnt
if [ "$(id -u)" -eq 0 ]; then sh body.sh; r=$?; else r=77; fi
[ $r -eq 77 ] && { unshare -rm sh body.sh; r=$?; }
if [ $r -eq 77 ] || [ ! -f st ]; then
	echo "ok 1 # SKIP cannot mount a small tmpfs here"
	echo "1..1"
	exit 0
fi

[ "$(cat st)" -eq 1 ]; ok $? "a full disk: exit status 1"
[ "$(grep -c . err)" -eq 2 ] && grep -qx "gloss: import stopped: database or disk is full; the database keeps what was committed before" err
ok $? "one clear line (then the summary)"
n=$(wc -l <list)
k=$((n - $(cat before)))
[ "$(cat before)" -eq 10 ] && grep -q "^imported $k articles\{0,1\} " err
ok $? "the summary counts what was committed ($k articles)"
[ "$(cat check.st)" -eq 0 ] && grep -q "^ok: $n articles checked" check
ok $? "the database is intact at its last commit"

done_testing
