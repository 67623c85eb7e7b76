#!/bin/bash
# A (AI messages) in an open thread: ai_messages match the thread by salon and phone, whether
# their conversation_id holds ai_conversations.id (the demo data) or its conversation_id (the
# platform's data). Then :export writes that whole thread, AI messages included, not the list.
# THREADS_VARIANT=2 runs it on schema variant 2 (threads_ai_v2.sh).
set -u
. "$(dirname "$0")/../lib.sh"
PGFIXTURE_ARGS="--variant ${THREADS_VARIANT:-1}" need_private_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

read -r s p <<<"$(psql_fixture "select ac.salon_id || ' ' || ac.phone_number from ai_conversations ac join messages m on m.salon_id = ac.salon_id and m.phone_number = ac.phone_number group by 1 order by count(*) limit 1")"
[ -n "$p" ] || fail "fixture has no thread with an AI conversation"
# The platform's reading has no foreign key to ai_conversations.id.
add_ai() { # ID CONVERSATION_ID CONTENT SECONDS_AFTER_THE_NEWEST_MESSAGE
    psql_fixture "insert into ai_messages (id, conversation_id, salon_id, phone_number, direction, content, ai_model, created_at)
        select '$1', $2, '$s', '$p', 'OUTBOUND', '$3', 'gpt-4o', max(created_at) + interval '$4 s'
        from messages where salon_id = '$s' and phone_number = '$p'" >/dev/null || fail "cannot add AI message $1"
}
psql_fixture "alter table ai_messages drop constraint if exists ai_messages_conversation_id_fkey" >/dev/null ||
    fail "cannot drop the foreign key"
ac="(select %s from ai_conversations where salon_id = '$s' and phone_number = '$p')"
add_ai zz-ai-id "$(printf "$ac" id)" 'zzai by id' 1
add_ai zz-ai-conv "$(printf "$ac" conversation_id)" 'zzai by conversation' 2

tm_start 120 40 -- --salon "$s" --phone "$p"
tm_wait_for "$p" 10
tm_keys A; tm_wait_for 'AI shown' 5
tm_wait_for 'zzai by conversation' 10
tm_wait_for 'zzai by id' 5
tm_keys : "export csv $TM_DIR/thread.csv" Enter
tm_wait_for 'exported thread' 10
want=$(psql_fixture "select (select count(*) from messages where salon_id = '$s' and phone_number = '$p') + (select count(*) from ai_messages where salon_id = '$s' and phone_number = '$p')")
got=$(tail -n +2 "$TM_DIR/thread.csv" | grep -c $'\r$')
head -1 "$TM_DIR/thread.csv" | grep -q '^time,direction,type' || fail "export header: $(head -1 "$TM_DIR/thread.csv")"
grep -q ',[0-9a-f-]\{36\}'$'\r$' "$TM_DIR/thread.csv" || fail "no message ids in the export"
[ "$(grep -c 'zz-ai-' "$TM_DIR/thread.csv")" = 2 ] || fail "the export lacks the AI messages"
[ "$got" = "$want" ] || fail "export: $got messages, the thread has $want"
tm_keys q
[ "$(tm_wait_exit 5)" = 0 ] || fail "exit status"
exit 0
