-- salondesk: hostile rows for the security tests (RELIABILITY.md, fixture set H).
--
--   psql -v ON_ERROR_STOP=1 -f sql/hostile.sql        (after schema.sql [+ schema-v2.sql])
--
-- Everything lives in two dedicated salons, so tests can find (and count) it:
--   00000000-0000-0000-0000-00000000bad0  'Hostile Test Salon'  (plain name)
--   00000000-0000-0000-0000-00000000bad1  a salon whose NAME carries escape sequences
-- Both carry access_token 'SECRET-TOKEN-do-not-show-1234': the tests grep screen captures and
-- logs for it and expect zero matches.
--
-- Each payload of set H appears (a) as the content of one message in the thread of phone
-- 000000000001 of the hostile salon, in the order below, and (b) as the customer_name of one
-- booking (booking_code 'HX-<ord>'), except NULL, which only messages can hold. The payload's key
-- is in bookings.metadata->>'hostile' and in messages.whatsapp_id ('wamid.HOSTILE.<key>').
--
-- Not representable here: NUL bytes (PostgreSQL text cannot hold them) and invalid UTF-8 (this
-- database is UTF8); T06 makes its own LATIN1 database for the latter.
-- Works on both schema variants (string literals resolve to the enum or TEXT status columns).

\set ON_ERROR_STOP 1
SET client_min_messages = warning;

CREATE TEMP TABLE hostile (ord int PRIMARY KEY, key text NOT NULL, payload text);
INSERT INTO hostile VALUES
    -- ESC[2J clears the screen, ESC[H homes the cursor: a renderer that passes ESC wipes the UI.
    ( 1, 'csi_clear',        E'before\x1b[2J\x1b[Hafter'),
    -- OSC 0 sets icon name + window title, BEL-terminated.
    ( 2, 'osc0_title',       E'\x1b]0;pwned\x07Hello from OSC 0'),
    -- OSC 2 sets the window title, ST-terminated (ESC \).
    ( 3, 'osc2_title',       E'\x1b]2;pwned-title\x1b\\Hello from OSC 2'),
    -- OSC 52 writes "pwned" (base64 cHduZWQ=) into the system clipboard ("c").
    ( 4, 'osc52_clipboard',  E'\x1b]52;c;cHduZWQ=\x07copy me'),
    -- OSC 8 hyperlink: visible text "click me" pointing elsewhere.
    ( 5, 'osc8_link',        E'\x1b]8;;https://evil.example/steal\x07click me\x1b]8;;\x07'),
    -- CSI 21 t asks the terminal to REPORT its title: the reply is typed into the app's input.
    ( 6, 'csi_title_report', E'\x1b]2;;rm -rf ~\n\x07\x1b[21t'),
    -- CSI > c asks for the terminal's version (secondary device attributes): reply injected.
    ( 7, 'csi_version_report', E'version?\x1b[>c'),
    -- CSI 6 n (cursor position report) and DCS XTGETTCAP: more reply-injection requests.
    ( 8, 'csi_dsr_dcs',      E'\x1b[6n\x1bP+q544e\x1b\\where am I'),
    -- Carriage return: the second half overwrites the first on a raw terminal.
    ( 9, 'cr_overwrite',     E'Your booking is CANCELLED\rYour booking is confirmed'),
    -- 1,000 BEL characters: beeps / visual bell storm.
    (10, 'bel_1000',         repeat(E'\x07', 1000)),
    -- Other C0 controls and DEL: tab, newline, backspace, DEL, SOH, US, VT, FF.
    (11, 'c0_mix',           E'tab\there\nnew line\bbackspace\x7fdel\x01soh\x1fus\x0bvt\x0cff'),
    -- 8-bit C1 as UTF-8: U+009B is CSI (U+009B 2 J = clear), U+009D is OSC (title).
    (12, 'c1_csi_osc',       chr(155) || '2J' || chr(157) || '0;pwned-c1' || chr(7) || 'c1 done' || chr(133) || chr(159)),
    -- RLO (U+202E) reverses the rest: "invoice_exe.pdf" displays as "invoice_fdp.exe".
    (13, 'bidi_rlo',         E'invoice_\u202Efdp.exe'),
    -- LRI/RLI/FSI ... PDI isolates, plus LRE/PDF and LRM/RLM/ALM marks.
    (14, 'bidi_isolates',    E'\u2066admin\u2069 \u2067evil\u2069 \u2068x\u2069 \u202Aemb\u202C \u200E\u200F\u061C'),
    -- Zero-width space / non-joiner / joiner, word joiner, soft hyphen, BOM inside and in front.
    (15, 'zero_width',       E'\uFEFFpa\u200Bss\u200Cwo\u200Drd\u2060!\u00AD\uFEFF'),
    -- 200 combining marks on one letter ("Zalgo").
    (16, 'zalgo_200',        'Z' || (SELECT string_agg(chr(768 + (i * 7) % 112), '') FROM generate_series(1, 200) i) || 'end'),
    -- Emoji: ZWJ sequences, skin tones, flags, keycaps, VS15 (text) vs VS16 (emoji).
    (17, 'emoji_mix',        E'👩‍💻 👨‍👩‍👧‍👦 🏳️‍🌈 👍🏿 🇵🇹🇺🇦🇸🇦 1️⃣ #️⃣ ☺\uFE0E ☺\uFE0F ❤\uFE0E ❤\uFE0F ✂\uFE0E ✂\uFE0F'),
    -- A message of just over 1 MiB (multi-byte, with newlines): clip before measuring width.
    (18, 'one_megabyte',     repeat(E'Ein großer Text — очень длинный — رسالة طويلة 💇‍♀️ 1 MiB\n', 11276)),  -- 11276 x 93 bytes = 1048668 bytes
    -- Empty string.
    (19, 'empty',            ''),
    -- NULL (messages only; customer_name is NOT NULL).
    (20, 'null',             NULL),
    -- Typed into filters in T07; stored here too so the list views show them.
    (21, 'sql_injection',    E'Robert''); DROP TABLE bookings; -- \\ $1 %s%n %x'),
    -- Everything at once, short enough for a single cell.
    (22, 'combo',            E'\x1b]0;pwned\x07\x1b[2J\u202E\u200B' || chr(155) || E'31m\rOK');

-- The hostile salons ------------------------------------------------------------------------
INSERT INTO salons (id, name, phone_number_id, access_token, is_active, created_at, updated_at) VALUES
    -- plain name, hostile content
    ('00000000-0000-0000-0000-00000000bad0', 'Hostile Test Salon', '000000000000bad',
     'SECRET-TOKEN-do-not-show-1234', true, now() AT TIME ZONE 'UTC' - interval '30 days', now() AT TIME ZONE 'UTC'),
    -- the name sets the title (OSC 0), clears the screen, writes the clipboard and flips bidi
    ('00000000-0000-0000-0000-00000000bad1',
     E'Evil\x1b]0;pwned\x07 Salon\x1b[2J\x1b]52;c;cHduZWQ=\x07 \u202Enolas\u202C' || chr(155) || E'0m\r',
     '000000000000bad1', 'SECRET-TOKEN-do-not-show-1234', true,
     now() AT TIME ZONE 'UTC' - interval '30 days', now() AT TIME ZONE 'UTC');

-- One conversation holding every payload in order, a minute apart, alternating directions.
INSERT INTO conversations (id, salon_id, phone_number, status, started_at, last_message_at,
                           message_count, cost, created_at, updated_at)
SELECT '00000000-0000-0000-0000-0000000c0bad', '00000000-0000-0000-0000-00000000bad0', '000000000001',
       'ACTIVE', now() AT TIME ZONE 'UTC' - interval '100 minutes', now() AT TIME ZONE 'UTC' - interval '1 minute',
       (SELECT count(*) FROM hostile), 0,
       now() AT TIME ZONE 'UTC' - interval '100 minutes', now() AT TIME ZONE 'UTC';

-- (plain literals, so that the same text fits the enum and the TEXT status column)
INSERT INTO messages (id, salon_id, conversation_id, direction, phone_number, message_type, content,
                      media_url, whatsapp_id, status, cost, created_at, updated_at)
SELECT md5('hostile-message-' || h.key)::uuid::text,
       '00000000-0000-0000-0000-00000000bad0', '00000000-0000-0000-0000-0000000c0bad',
       'INBOUND', '000000000001', 'TEXT', h.payload, NULL, 'wamid.HOSTILE.' || h.key, 'READ', NULL,
       now() AT TIME ZONE 'UTC' - make_interval(mins => 100 - h.ord),
       now() AT TIME ZONE 'UTC' - make_interval(mins => 100 - h.ord)
FROM hostile h
WHERE h.ord % 2 = 1;

INSERT INTO messages (id, salon_id, conversation_id, direction, phone_number, message_type, content,
                      media_url, whatsapp_id, status, cost, created_at, updated_at)
SELECT md5('hostile-message-' || h.key)::uuid::text,
       '00000000-0000-0000-0000-00000000bad0', '00000000-0000-0000-0000-0000000c0bad',
       'OUTBOUND', '000000000001', 'TEXT', h.payload, NULL, 'wamid.HOSTILE.' || h.key, 'DELIVERED', NULL,
       now() AT TIME ZONE 'UTC' - make_interval(mins => 100 - h.ord),
       now() AT TIME ZONE 'UTC' - make_interval(mins => 100 - h.ord)
FROM hostile h
WHERE h.ord % 2 = 0;

-- A second thread whose phone number, media URL and caption are hostile, in the evil-named salon.
INSERT INTO messages (id, salon_id, conversation_id, direction, phone_number, message_type, content,
                      media_url, whatsapp_id, status, cost, created_at, updated_at)
VALUES
    -- phone number with RLO and an OSC 0 title; image whose URL carries an OSC 8 link
    (md5('hostile-message-phone')::uuid::text, '00000000-0000-0000-0000-00000000bad1', NULL, 'INBOUND',
     E'351\u202E912\x1b]0;pwned\x07345678', 'IMAGE', E'caption \x1b[2J',
     E'https://evil.example/a.jpg\x1b]8;;https://evil.example/\x07', 'wamid.HOSTILE.phone', 'READ', NULL,
     now() AT TIME ZONE 'UTC' - interval '5 minutes', now() AT TIME ZONE 'UTC' - interval '5 minutes');

-- One booking per payload (customer_name), tomorrow from 10:00 UTC, 30 minutes apart.
INSERT INTO bookings (id, booking_code, salon_id, customer_phone, customer_name, service, start_ts,
                      status, metadata, created_at, updated_at)
SELECT md5('hostile-booking-' || h.key)::uuid::text, 'HX-' || lpad(h.ord::text, 2, '0'),
       '00000000-0000-0000-0000-00000000bad0', '0000000000' || lpad(h.ord::text, 2, '0'),
       h.payload,
       CASE WHEN h.ord = 22 THEN E'Corte \x1b]0;pwned\x07\u202Eesrever' ELSE 'Corte feminino' END,
       date_trunc('day', now() AT TIME ZONE 'UTC') + interval '1 day 10 hours' + make_interval(mins => 30 * h.ord),
       'CONFIRMED', jsonb_build_object('hostile', h.key, 'note', h.payload),
       now() AT TIME ZONE 'UTC' - interval '1 day', now() AT TIME ZONE 'UTC'
FROM hostile h
WHERE h.payload IS NOT NULL;

-- A booking in the evil-named salon, so its name shows up in booking lists.
INSERT INTO bookings (id, booking_code, salon_id, customer_phone, customer_name, service, start_ts,
                      status, metadata, created_at, updated_at)
VALUES (md5('hostile-booking-evil-salon')::uuid::text, 'HX-99', '00000000-0000-0000-0000-00000000bad1',
        '000000000099', 'Plain Customer', 'Corte feminino',
        date_trunc('day', now() AT TIME ZONE 'UTC') + interval '1 day 9 hours', 'CONFIRMED', NULL,
        now() AT TIME ZONE 'UTC' - interval '1 day', now() AT TIME ZONE 'UTC');

-- A template and a failed webhook whose texts carry escapes (error text is shown in log views).
INSERT INTO templates (id, salon_id, name, language, category, status, content, created_at, updated_at)
VALUES (md5('hostile-template')::uuid::text, '00000000-0000-0000-0000-00000000bad0',
        E'promo\x1b]0;pwned\x07', 'en_US', 'MARKETING', 'REJECTED',
        jsonb_build_object('components', jsonb_build_array(jsonb_build_object('type', 'BODY',
            'text', E'\x1b]52;c;cHduZWQ=\x07Hi {{1}} \u202E!won yub\u202C'))),
        now() AT TIME ZONE 'UTC' - interval '3 days', now() AT TIME ZONE 'UTC' - interval '3 days');

INSERT INTO webhook_logs (id, salon_id, event_type, payload, status, error, created_at)
VALUES (md5('hostile-webhook')::uuid::text, '00000000-0000-0000-0000-00000000bad0', 'messages',
        jsonb_build_object('object', 'whatsapp_business_account', 'text', E'\x1b[2J\x1b]0;pwned\x07'),
        'failed', E'TypeError: bad payload \x1b]0;pwned\x07\x1b[2J\r' || repeat(E'\x07', 50),
        now() AT TIME ZONE 'UTC' - interval '10 minutes');

DROP TABLE hostile;
ANALYZE salons, conversations, messages, bookings, templates, webhook_logs;
