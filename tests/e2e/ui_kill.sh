#!/bin/sh
# ui_kill.sh: the kill test (issue 10, "keep the proof running"). Rounds
# of random tagging, each ended by SIGKILL at a random moment, sometimes
# right after a key was sent and before gloss could answer. After every
# kill: PRAGMA integrity_check is ok and every action the screen called
# "saved" is in the database. GLOSS_KILLS rounds (default 5; make
# check-long runs 200), GLOSS_SEED picks the random sequence.
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

KILLS=${GLOSS_KILLS:-5}
R=${GLOSS_SEED:-$$}
echo "# seed $R, $KILLS kills"
rnd() { R=$(( (R * 1103515245 + 12345) % 2147483648 )); N=$(( (R / 65536) % $1 )); }

ui_import "$DEMO/01-harbour-reopens.txt" "$DEMO/02-cafe-zoe.txt"
ok $? "import"
: >"$WORK/saved"
bad=0 lost=0 saved=0 mid=0 landed=0
k=0
while [ $k -lt "$KILLS" ]; do
	k=$((k + 1))
	restart 100 30
	rnd 2; [ $N -eq 0 ] && keys_sync Enter || keys_sync Down Enter
	# the article open now (the list remembers where it was)
	# (the header shows the title's start, before the legend)
	art=$(sqlite3 "$DB" "SELECT id FROM articles WHERE title LIKE '$(screen | sed -n 1p | sed 's/^[^│]*│ //; s/  .*//')%'")
	rnd 6; actions=$((N + 1))
	a=0 cut_cp=
	while [ $a -lt $actions ]; do
		a=$((a + 1))
		# somewhere new: up to 30 words on, sometimes a few back
		rnd 30; moves=$N
		while [ $moves -gt 0 ]; do keys w; moves=$((moves - 1)); done
		rnd 3; [ $N -eq 0 ] && { rnd 10; while [ $N -gt 0 ]; do keys b; N=$((N - 1)); done; }
		rnd 4; d=$((N + 1))
		rnd 4
		if [ $a -eq $actions ] && [ $N -eq 0 ]; then
			# killed mid-keystroke: maybe saved, maybe not; the word it
			# tags is remembered (it may relabel a word saved before)
			keys_sync
			cut_cp=$(status | sed -n 's/.* cp \([0-9]*\)\/.*/\1/p')
			cut_label=$(sqlite3 "$DB" "SELECT name FROM labels WHERE key = $d")
			keys "$d"
			mid=$((mid + 1))
			break
		fi
		# the caret before the tag is in the word tagged (a tag moves on)
		keys_sync
		cp=$(status | sed -n 's/.* cp \([0-9]*\)\/.*/\1/p')
		keys_sync "$d"
		line=$(status)
		case $line in *"saved: "*)
			label=$(printf '%s' "$line" | sed -n 's/.*saved: \([^ ]*\) .*/\1/p')
			# a digit on a tagged word relabels it: the last word there counts
			grep -v "^$art [^ ]* $cp\$" "$WORK/saved" >"$WORK/saved.new"
			echo "$art $label $cp" >>"$WORK/saved.new"
			mv "$WORK/saved.new" "$WORK/saved"
			saved=$((saved + 1)) ;;
		esac
	done
	kill -9 "$(gloss_pid)" 2>/dev/null
	wait_for "EXITED 137" 10 || wait_for "EXITED" 10
	sqlite3 "$DB" "PRAGMA integrity_check" | grep -qx ok || bad=$((bad + 1))
	# The cut keystroke landed (its label is on its word): it is that
	# word's last action, as if shown saved; a word saved earlier with
	# another label may now have either. If it did not land, the earlier
	# label must still be there.
	if [ -n "$cut_cp" ] && [ "$(sqlite3 "$DB" "SELECT count(*) FROM spans WHERE article_id = $art
	    AND label = '$cut_label' AND start <= $cut_cp AND \"end\" > $cut_cp AND status = 'confirmed'")" -ge 1 ]; then
		grep -v "^$art [^ ]* $cut_cp\$" "$WORK/saved" >"$WORK/saved.new"
		echo "$art $cut_label $cut_cp" >>"$WORK/saved.new"
		mv "$WORK/saved.new" "$WORK/saved"
		landed=$((landed + 1))
	fi
	while read -r art label cp; do
		n=$(sqlite3 "$DB" "SELECT count(*) FROM spans WHERE article_id = $art AND label = '$label'
		    AND start <= $cp AND \"end\" > $cp AND status = 'confirmed'")
		[ "$n" -ge 1 ] || { lost=$((lost + 1)); echo "# lost: $art $label at $cp (round $k): $(sqlite3 "$DB" "SELECT group_concat(article_id || label || start || '-' || \"end\", ' ') FROM spans")"; }
	done <"$WORK/saved"
done
echo "# $KILLS kills ($mid mid-keystroke, $landed of them landed), $saved actions shown as saved"
[ $bad -eq 0 ]; ok $? "integrity_check ok after each of $KILLS kills"
[ $lost -eq 0 ] && [ $saved -gt 0 ]; ok $? "all $saved actions shown as saved are in the database"
"$GLOSS" --db "$DB" check >/dev/null 2>&1; ok $? "gloss check passes"

done_testing
