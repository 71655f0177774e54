#!/bin/sh
# cli_feeds.sh: news from the network, served by a local HTTP server this
# test starts on 127.0.0.1 (python3 -m http.server on a free port, killed
# at the end): gloss import URL of a feed and of a page, network errors
# (404, refused, timeout, too large), gloss feeds add/list/update importing
# only the new item, remove.
. "$srcdir/tests/e2e/lib.sh"
D="$srcdir/tests/data/feeds"
WWW="$WORK/www"
mkdir -p "$WWW"
cp "$D/rss.xml" "$D/page.html" "$WWW/"

SERVER=""
stop_server() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; SERVER=""; }
trap 'stop_server; cleanup' EXIT
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$WWW" >"$WORK/http.log" 2>&1 &
SERVER=$!
PORT=""
i=0
while [ -z "$PORT" ] && [ $i -lt 200 ]; do
	PORT=$(sed -n 's/.* port \([0-9][0-9]*\).*/\1/p' "$WORK/http.log" | head -1)
	[ -z "$PORT" ] && sleep 0.05
	i=$((i + 1))
done
[ -n "$PORT" ]; ok $? "local HTTP server started"
URL="http://127.0.0.1:$PORT"

"$GLOSS" import "$URL/page.html" 2>"$WORK/err"; st=$?
[ $st -eq 0 ] && grep -q "^imported 1 article" "$WORK/err"; ok $? "import URL of a page"
"$GLOSS" list | grep -q "	2026-03-02	Port talks resume in Gdańsk$"; ok $? "its title and date"

"$GLOSS" import "$URL/missing.xml" 2>"$WORK/err"; st=$?
[ $st -eq 1 ] && grep -q "^$URL/missing.xml: HTTP 404" "$WORK/err"; ok $? "a 404 is reported by URL, exit 1"

# A port nothing listens on: take a free one from the kernel and close it.
DEAD=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$GLOSS" import "http://127.0.0.1:$DEAD/x.xml" 2>"$WORK/err"; st=$?
[ $st -eq 1 ] && grep -qi "^http://127.0.0.1:$DEAD/x.xml: .*connect" "$WORK/err"; ok $? "connection refused: a clear message"

head -c 5000 /dev/zero | tr '\0' 'x' >"$WWW/big.txt"
GLOSS_FETCH_MAX_BYTES=1000 "$GLOSS" import "$URL/big.txt" 2>"$WORK/err"; st=$?
[ $st -eq 1 ] && grep -q "larger than 1000 bytes" "$WORK/err"; ok $? "the size limit"

# A server that accepts and never answers.
python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
print(s.getsockname()[1], flush=True)
c, _ = s.accept(); time.sleep(20)' >"$WORK/silent.port" &
SILENT=$!
i=0; while [ ! -s "$WORK/silent.port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
GLOSS_FETCH_TIMEOUT=1 "$GLOSS" import "http://127.0.0.1:$(cat "$WORK/silent.port")/slow.xml" 2>"$WORK/err"; st=$?
kill $SILENT 2>/dev/null; wait $SILENT 2>/dev/null
[ $st -eq 1 ] && grep -q "timed out after 1 s" "$WORK/err"; ok $? "the timeout"
[ "$("$GLOSS" list | wc -l)" -eq 1 ]; ok $? "nothing stored by the failures"

"$GLOSS" feeds add "$URL/rss.xml" 2>"$WORK/err"; st=$?
[ $st -eq 0 ] && grep -q "following $URL/rss.xml" "$WORK/err"; ok $? "feeds add"
"$GLOSS" feeds add "$URL/rss.xml" 2>"$WORK/err"; grep -q "already followed" "$WORK/err"; ok $? "added twice: said so"
"$GLOSS" feeds | grep -q "^$URL/rss.xml		never updated$"; ok $? "feeds lists it (no title before an update)"

"$GLOSS" feeds update >"$WORK/out" 2>"$WORK/err"; st=$?
[ $st -eq 0 ] && grep -q "^$URL/rss.xml	2 new, 0 already here$" "$WORK/out"; ok $? "update: both items"
[ "$("$GLOSS" list | wc -l)" -eq 3 ]; ok $? "stored"
"$GLOSS" feeds | grep -q "^$URL/rss.xml	Baltic Wire	2 new, 0 already here$"; ok $? "feeds shows the RSS channel's title"

# The feed gains an item; the old items change their text (a correction):
# known by GUID, they are not imported again.
python3 - "$WWW/rss.xml" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
for a, b in (("It&#8217;s a start.", "It&#8217;s a good start."),
             ("&lt;b&gt;three&lt;/b&gt; days", "&lt;b&gt;three&lt;/b&gt; long days")):
    assert a in s, a
    s = s.replace(a, b)
new = """  <item>
    <title>Harbour cranes return to Klaipėda</title>
    <link>http://example.org/news/3</link>
    <guid isPermaLink="false">bw-0003</guid>
    <pubDate>Wed, 07 Jan 2026 09:00:00 +0000</pubDate>
    <description>KLAIPĖDA – The cranes are back.</description>
  </item>
</channel>"""
s = s.replace("</channel>", new)
open(p, "w", encoding="utf-8").write(s)
PY
"$GLOSS" feeds update >"$WORK/out" 2>"$WORK/err"; st=$?
[ $st -eq 0 ] && grep -q "^$URL/rss.xml	1 new, 2 already here$" "$WORK/out"; ok $? "update: only the new item"
"$GLOSS" list | grep -q "	2026-01-07	Harbour cranes return to Klaipėda$"; ok $? "the new item is an article"
[ "$("$GLOSS" list | wc -l)" -eq 4 ]; ok $? "the changed items were not imported again"
"$GLOSS" feeds | grep -q "^$URL/rss.xml	Baltic Wire	1 new, 2 already here$"; ok $? "feeds shows the last update"

"$GLOSS" feeds add "$URL/gone.xml" 2>/dev/null
"$GLOSS" feeds update >"$WORK/out" 2>"$WORK/err"; st=$?
[ $st -eq 1 ] && grep -q "^$URL/gone.xml	failed$" "$WORK/out" && grep -q "HTTP 404" "$WORK/err" &&
	grep -q "^$URL/rss.xml	0 new, 3 already here$" "$WORK/out"; ok $? "a failing feed: reported, the others updated, exit 1"
"$GLOSS" feeds remove "$URL/gone.xml"; ok $? "feeds remove"
[ "$("$GLOSS" feeds | wc -l)" -eq 1 ]; ok $? "one feed left"

# An Atom feed's title (<feed><title>), shown visible-safe: a TAB in it
# cannot split the line, a C1 CSI cannot reach the terminal.
sed 's|<title>Nordic Desk</title>|<title>Nordic\&#9;Desk \&#155;31m</title>|' "$D/atom.xml" >"$WWW/atom.xml"
grep -q "Nordic&#9;Desk" "$WWW/atom.xml"; need $? "the Atom fixture has its title"
"$GLOSS" feeds add "$URL/atom.xml" 2>/dev/null
"$GLOSS" feeds update >/dev/null 2>&1
"$GLOSS" feeds | grep -q "^$URL/atom.xml	Nordic Desk <U+009B>31m	[0-9]* new, 0 already here$"
ok $? "feeds shows the Atom feed's title, made visible"
sqlite3 "$GLOSS_DB" "SELECT hex(title) FROM feeds WHERE url LIKE '%atom.xml'" | grep -q "C29B33316D$"
ok $? "the title is stored with its CSI (the output escapes it)"

"$GLOSS" feeds add not-a-url 2>/dev/null; [ $? -eq 2 ]; ok $? "feeds add needs a URL (usage error)"
"$GLOSS" feeds frobnicate 2>/dev/null; [ $? -eq 2 ]; ok $? "unknown action: usage error"

stop_server
done_testing
