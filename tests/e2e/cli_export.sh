#!/bin/sh
# cli_export.sh: export -o never destroys what is at the path (issue 10,
# defect 2) and leaves no temporary behind on SIGTERM / SIGHUP, while the
# temporary of a killed export is removed by the next one (defect 9).
. "$srcdir/tests/e2e/lib.sh"
cd "$WORK" || exit 1

printf 'Zoe Berg visited Oslo.\n' >a.txt
"$GLOSS" import a.txt 2>/dev/null

"$GLOSS" export --format jsonl -o "$DB" 2>err; st=$?
[ $st -eq 1 ] && grep -q "is the database being exported" err && "$GLOSS" check >/dev/null
ok $? "export -o the database itself is refused; the database is intact"
for f in "$DB-wal" "$DB-shm" "$DB-journal" "$WORK/./../$(basename "$WORK")/test.db"; do
	"$GLOSS" export --format jsonl -o "$f" 2>err; st=$?
	[ $st -eq 1 ] && grep -q "is the database being exported" err
	ok $? "export -o $(basename "$f") is refused"
done
"$GLOSS" check >/dev/null; ok $? "the database is still intact"

mkdir adir
"$GLOSS" export --format jsonl -o adir 2>err; st=$?
[ $st -eq 1 ] && grep -q "adir is a directory" err && [ -d adir ]
ok $? "a directory is refused"

mkfifo fifo
timeout 20 cat fifo >fifo.out & reader=$!
"$GLOSS" export --format jsonl -o fifo 2>/dev/null; st=$?
wait $reader
[ $st -eq 0 ] && [ -p fifo ] && grep -q "Zoe Berg" fifo.out
ok $? "a FIFO is written as a stream and stays a FIFO"

"$GLOSS" export --format jsonl -o /dev/stdout >so.jsonl 2>/dev/null; st=$?
[ $st -eq 0 ] && [ -L /dev/stdout ] && grep -q "Zoe Berg" so.jsonl
ok $? "-o /dev/stdout writes to standard output"
# A character device: a private copy of /dev/null when we may make one,
# so a broken gloss cannot replace the system's.
null=/dev/null
[ "$(id -u)" -eq 0 ] && mknod "$WORK/null" c 1 3 2>/dev/null && null="$WORK/null"
"$GLOSS" export --format jsonl -o "$null" 2>/dev/null; st=$?
[ $st -eq 0 ] && [ -c "$null" ]; ok $? "-o a character device (/dev/null): written, still a device"

echo old >keep.jsonl; chmod 640 keep.jsonl
ln -s keep.jsonl link.jsonl
"$GLOSS" export --format jsonl -o link.jsonl 2>/dev/null; st=$?
[ $st -eq 0 ] && [ -L link.jsonl ] && grep -q "Zoe Berg" keep.jsonl && [ "$(stat -c %a keep.jsonl)" = 640 ]
ok $? "a replaced file keeps its mode; through a symlink the link stays"
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
	chown nobody keep.jsonl
	"$GLOSS" export --format jsonl -o keep.jsonl 2>/dev/null
	[ "$(stat -c %U keep.jsonl)" = nobody ]; ok $? "as root, a replaced file keeps its owner"
fi
ln -s nowhere dangling.jsonl
"$GLOSS" export --format jsonl -o dangling.jsonl 2>err; st=$?
[ $st -eq 1 ] && [ -L dangling.jsonl ] && [ ! -e nowhere ]; ok $? "a dangling symlink is refused"

# A corpus big enough that an export is still running when signalled.
python3 -c '
import json
for i in range(3000):
    t = "Article %d. " % i + "Zoe Berg visited Oslo and met Acme people. " * 60
    print(json.dumps({"text": t, "spans": [{"start": 0, "end": 7, "label": "MISC"}]}))
' >big.jsonl
"$GLOSS" import --format spacy big.jsonl 2>/dev/null

# tmp_of NAME: the temporaries of an export to NAME that are there now.
tmp_of() { ls -a | grep -c "^\.$1\.......$"; }
# wait_tmp NAME PID: until an export to NAME has its temporary (or PID exited).
wait_tmp() {
	while [ "$(tmp_of "$1")" -eq 0 ] && kill -0 "$2" 2>/dev/null; do :; done
	[ "$(tmp_of "$1")" -ne 0 ]
}
for sig in TERM HUP INT; do
	"$GLOSS" export --format conll -o out.conll 2>err & pid=$!
	if wait_tmp out.conll $pid; then
		kill -STOP $pid; kill -$sig $pid; kill -CONT $pid
		wait $pid; st=$?
		[ $st -eq 1 ] && [ "$(tmp_of out.conll)" -eq 0 ] && [ ! -e out.conll ] && grep -q "interrupted" err
		ok $? "SIG$sig during export: exit 1, no temporary left, no output"
	else
		wait $pid; ok 1 "SIG$sig: the export ended before its temporary was seen"
	fi
done

"$GLOSS" export --format conll -o out.conll 2>err & pid=$!
wait_tmp out.conll $pid; kill -KILL $pid; wait $pid
[ "$(tmp_of out.conll)" -eq 1 ]; ok $? "SIGKILL leaves the temporary (nothing can catch it)"
touch .out.conll.notOurs1 .other.conll.AbC123
"$GLOSS" export --format conll -o out.conll 2>err; st=$?
[ $st -eq 0 ] && [ "$(tmp_of out.conll)" -eq 0 ] && grep -q "removed 1 temporary file left by an interrupted export" err \
	&& [ -e .out.conll.notOurs1 ] && [ -e .other.conll.AbC123 ]
ok $? "the next export removes it, says so, and leaves other files alone"

# A running export's temporary is not stale: a second export leaves it.
"$GLOSS" export --format conll -o out.conll 2>/dev/null & pid=$!
wait_tmp out.conll $pid; kill -STOP $pid
"$GLOSS" export --format csv -o out.conll 2>err; st=$?
[ $st -eq 0 ] && ! grep -q "removed" err && [ "$(tmp_of out.conll)" -eq 1 ]
ok $? "a temporary an export still holds is not removed"
kill -CONT $pid; wait $pid

done_testing
