-- salondesk: deterministic demo data for the WhatsApp booking platform.
--
--   psql -v ON_ERROR_STOP=1 -v size=small -f sql/demo.sql      (size: small [default] | large)
--
-- Load after sql/schema.sql (and, for the newer deployment, sql/schema-v2.sql: the script sees
-- the `masters` table and then also fills masters/services/reminders/users, bookings.end_ts/
-- master_id/service_id, and uses status values the old enums lacked: RESCHEDULED,
-- PENDING_PAYMENT, DELETED). On top of sql/schema-v3.sql too: the rows go into the monthly
-- partitions through their parents.
--
--            salons  bookings   conversations  messages   (threads w/o conversation row)
--   small        12    10,000             300     50,000    100; the biggest thread has 1,200
--   large       200 1,000,000          20,000  5,000,000  5,000; the biggest thread has 50,000
--
-- Determinism: every "random" value is a hash of the row number (hashint8extended), so two loads
-- give the same rows; only the times move, since they are relative to now() (stored as UTC
-- TIMESTAMP WITHOUT TIME ZONE, as Prisma does). Bookings lie from 60 days ago to 30 days ahead,
-- 30-minute aligned, Monday-Saturday 09:00-19:30 in the salon's local time zone (kept in
-- bookings.metadata->>'tz').
-- Content: Portuguese, Spanish, German, Turkish, Russian, Arabic and English names and messages,
-- emoji with skin tones, ZWJ sequences, flags and VS15/VS16, multi-KB messages, empty messages,
-- NULL captions on media; every value of every enum.

\set ON_ERROR_STOP 1
\if :{?size}
\else
\set size small
\endif

SET client_min_messages = warning;
SET synchronous_commit = off;
SET work_mem = '64MB';
SET maintenance_work_mem = '256MB';
SET TIME ZONE 'UTC';

SELECT :'size' IN ('small', 'large') AS size_ok \gset
\if :size_ok
\else
\echo demo.sql: size must be small or large, got :size
SELECT 1 / 0 AS "demo.sql: bad size";
\endif

SELECT
    CASE :'size' WHEN 'large' THEN 200     ELSE 12    END AS n_salons,
    CASE :'size' WHEN 'large' THEN 1000000 ELSE 10000 END AS n_bookings,
    CASE :'size' WHEN 'large' THEN 20000   ELSE 300   END AS n_conv,
    CASE :'size' WHEN 'large' THEN 5000    ELSE 100   END AS n_noconv,
    CASE :'size' WHEN 'large' THEN 5000000 ELSE 50000 END AS n_msgs,
    CASE :'size' WHEN 'large' THEN 50000   ELSE 1200  END AS n_big,
    CASE :'size' WHEN 'large' THEN 2500    ELSE 400   END AS n_cust,
    CASE :'size' WHEN 'large' THEN 200000  ELSE 1500  END AS n_ai_msgs,
    CASE :'size' WHEN 'large' THEN 150000  ELSE 3000  END AS n_hooks,
    date_trunc('second', now() AT TIME ZONE 'UTC') AS t_now,
    to_regclass('public.masters') IS NOT NULL AS v2
\gset
SELECT :n_conv + :n_noconv AS n_threads \gset
-- Status columns are enums in the original schema and TEXT in v2.
\if :v2
\set t_mstat text
\set t_cstat text
\set t_tstat text
\else
\set t_mstat '"MessageStatus"'
\set t_cstat '"ConversationStatus"'
\set t_tstat '"TemplateStatus"'
\endif

-- ---------------------------------------------------------------------------------------------
-- Helpers (session-local)
-- ---------------------------------------------------------------------------------------------
-- rnd(n, salt): a uniform number in [0,1), a pure function of (n, salt).
CREATE FUNCTION pg_temp.rnd(n bigint, salt bigint) RETURNS float8
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS 'SELECT ((hashint8extended(n, salt) >> 11) & 9007199254740991)::float8 / 9007199254740992.0';
-- uid(kind, n): a UUID-shaped id, as Prisma's uuid() would store it.
CREATE FUNCTION pg_temp.uid(kind text, n bigint) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS 'SELECT md5(kind || n::text)::uuid::text';
-- pick(arr, r): an element of arr chosen by r in [0,1).
CREATE FUNCTION pg_temp.pick(arr anyarray, r float8) RETURNS anyelement
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS 'SELECT arr[1 + floor(r * cardinality(arr))::int]';

-- ---------------------------------------------------------------------------------------------
-- Reference data
-- ---------------------------------------------------------------------------------------------
-- The 12 salon archetypes; salon s uses archetype 1 + (s-1) % 12.
CREATE TEMP TABLE archetype (a int PRIMARY KEY, name text, lang text, tz text, cc text,
                             mobile text, ndig int, currency text, tpl_lang text, branch text,
                             domain text);
INSERT INTO archetype VALUES
 ( 1, 'Salão Beleza Pura',               'pt', 'Europe/Lisbon',      '351', '9',   8, 'EUR', 'pt_PT', 'Loja',     'belezapura.pt'),
 ( 2, 'Espaço Ação & Cor',               'pt', 'America/Sao_Paulo',  '55',  '119', 8, 'BRL', 'pt_BR', 'Unidade',  'acaoecor.com.br'),
 ( 3, 'Peluquería Estrella Niña',        'es', 'Europe/Madrid',      '34',  '6',   8, 'EUR', 'es',    'Sucursal', 'estrellanina.es'),
 ( 4, 'Estética Señorita Güera 💅',      'es', 'America/Mexico_City','52',  '155', 8, 'MXN', 'es_MX', 'Sucursal', 'senoritaguera.mx'),
 ( 5, 'Friseursalon Schöne Grüße',       'de', 'Europe/Berlin',      '49',  '15',  9, 'EUR', 'de',    'Filiale',  'schoene-gruesse.de'),
 ( 6, 'Haarstudio Größenwahn',           'de', 'Europe/Vienna',      '43',  '664', 7, 'EUR', 'de',    'Filiale',  'groessenwahn.at'),
 ( 7, 'Güzellik Salonu Işıl & Çiçek',    'tr', 'Europe/Istanbul',    '90',  '5',   9, 'TRY', 'tr',    'Şube',     'isilcicek.com.tr'),
 ( 8, 'Салон красоты «Жемчужина»',       'ru', 'Europe/Moscow',      '7',   '9',   9, 'RUB', 'ru',    'Филиал',   'zhemchuzhina.ru'),
 ( 9, 'Барбершоп Ёжик ✂️',               'ru', 'Asia/Yekaterinburg', '7',   '9',   9, 'RUB', 'ru',    'Филиал',   'ezhik-barber.ru'),
 (10, 'صالون ليالي للتجميل',             'ar', 'Asia/Dubai',         '971', '5',   8, 'AED', 'ar',    'فرع',      'layali-beauty.ae'),
 (11, 'مركز جمال الياسمين',              'ar', 'Asia/Riyadh',        '966', '5',   8, 'SAR', 'ar',    'فرع',      'yasmin-beauty.sa'),
 (12, 'Kensington Nail Bar 👩‍🎨',         'en', 'Europe/London',      '44',  '7',   9, 'GBP', 'en_GB', 'Branch',   'kensingtonnailbar.co.uk');

CREATE TEMP TABLE lang (lang text PRIMARY KEY, firsts text[], lasts text[], greet text,
                        svc text[], dur int[], price numeric[]);
INSERT INTO lang VALUES
 ('pt',
  '{Ana,João,Conceição,Inês,Gonçalo,Mariana,Beatriz,Luís,Sónia,Leonor,Tomás,"Maria João",Cátia,Vânia,Ângela,Thaís}',
  '{Gonçalves,Simões,Magalhães,Antunes,Brandão,Assunção,Araújo,Falcão,Guimarães,"da Conceição",Louçã,Catarino}',
  'Olá',
  '{"Corte feminino","Coloração raiz","Madeixas","Manicure gel","Pedicure spa","Escova progressiva","Depilação a cera — pernas","Sobrancelhas com henna"}',
  '{45,90,120,60,60,150,30,30}', '{35.00,55.00,80.00,25.00,30.00,120.00,18.50,15.00}'),
 ('es',
  '{Lucía,Sofía,Martina,Ximena,Íñigo,Begoña,Nuria,Andrés,Jesús,Ainhoa,Mónica,Raúl,"María José",Ramón}',
  '{Muñoz,Peña,Ibáñez,Núñez,Calderón,Rodríguez,Gómez,Sáenz,Echevarría,Fernández,Martínez,"de la Cruz"}',
  '¡Hola',
  '{"Corte y peinado","Mechas balayage","Manicura semipermanente","Pedicura","Tinte raíz","Depilación láser axilas","Diseño de cejas","Alisado de keratina"}',
  '{45,150,45,60,90,20,30,180}', '{28.00,95.00,22.00,30.00,40.00,35.00,12.00,150.00}'),
 ('de',
  '{Jürgen,Björn,Käthe,Jörg,Günther,Sören,Anneliese,Maximilian,Lea-Sophie,Ursula,Hannelore,Zoë}',
  '{Müller,Schröder,Weiß,Groß,Köhler,Bäcker,Fußmann,Schäfer,Krüger,Strauß,Böhm,"von Löwenstein"}',
  'Hallo',
  '{Damenhaarschnitt,Herrenhaarschnitt,"Färben & Föhnen",Strähnchen,"Maniküre mit Gellack",Fußpflege,Wimpernverlängerung,"Augenbrauen zupfen"}',
  '{60,30,120,150,60,45,120,15}', '{49.00,28.00,89.00,110.00,39.00,35.00,129.00,12.00}'),
 ('tr',
  '{Ayşe,Gülşen,Şebnem,Çağla,Öykü,İrem,Ümran,Zeynep,Büşra,Hülya,Özge,Işıl}',
  '{Yılmaz,Öztürk,Şahin,Çelik,Doğan,Kılıç,Aydın,Güneş,Özdemir,Kaçar,Uğurlu,Çakır}',
  'Merhaba',
  '{"Saç kesimi",Fön,"Saç boyama",Manikür,Pedikür,"Kaş alımı","Ağda (tüm bacak)","Keratin bakımı"}',
  '{45,30,120,45,60,15,45,150}', '{600.00,300.00,1500.00,450.00,550.00,150.00,700.00,2500.00}'),
 ('ru',
  '{Анна,Мария,Екатерина,Ольга,Татьяна,Наталья,Юлия,Алёна,Ксения,Дарья,Светлана,Жанна}',
  '{Иванова,Смирнова,Кузнецова,Попова,Соколова,Лебедева,Козлова,Новикова,Морозова,Волкова,Фёдорова,Ёлкина}',
  'Здравствуйте',
  '{"Женская стрижка","Окрашивание корней","Маникюр с покрытием",Педикюр,"Наращивание ресниц","Коррекция бровей",Укладка,"Мужская стрижка"}',
  '{60,120,90,90,150,30,45,45}', '{2500.00,3500.00,2200.00,2800.00,4000.00,900.00,1800.00,1500.00}'),
 ('ar',
  '{فاطمة,مريم,عائشة,نورة,ليلى,سارة,هند,ريم,خديجة,دانة,لجين,أمل}',
  '{العتيبي,الشمري,القحطاني,الحربي,المطيري,الدوسري,الزهراني,الغامدي,حداد,منصور,الخطيب,النجار}',
  'مرحبا',
  '{"قص الشعر","صبغة الشعر",مانيكير,باديكير,"تنظيف البشرة",حناء,"رسم الحواجب",استشوار}',
  '{45,120,45,60,60,90,20,30}', '{150.00,400.00,120.00,150.00,250.00,200.00,80.00,100.00}'),
 ('en',
  '{Olivia,Amelia,Isla,Chloë,Zoë,Siobhán,Niamh,Renée,Grace,Poppy,Freya,Ava}',
  '{O''Connor,Smith-Jones,Brontë,MacDonald,Price,Hughes,"Ó Briain",Evans,Taylor,Wright,Davies,Patel}',
  'Hi',
  '{"Cut & blow-dry","Full head highlights","Gel manicure","Luxury pedicure","Brow lamination","Lash lift",Balayage,"Men''s skin fade"}',
  '{60,150,45,60,45,60,180,30}', '{55.00,95.00,32.00,45.00,40.00,55.00,160.00,28.00}');

-- Message phrases: (lang, dir) with dir I = from the customer, O = from the salon; lang 'xx'
-- holds emoji-heavy lines used in every language.
CREATE TEMP TABLE phrase_src (lang text, dir text, txt text[]);
INSERT INTO phrase_src VALUES
 ('pt','I', ARRAY['Olá! Queria marcar um corte para sábado de manhã, ainda há vaga?',
                 'Boa tarde, é possível mudar a minha marcação de quinta para sexta? 🙏',
                 'Obrigada! Até amanhã 😊', 'Quanto custa a coloração com madeixas?',
                 'Vou chegar 10 minutos atrasada, desculpem 🏃‍♀️', 'Não vou conseguir ir hoje, posso desmarcar?',
                 'A Conceição está disponível na próxima semana?', 'Adorei o resultado!!! 😍😍💇🏽‍♀️', 'Sim', '👍🏼']),
 ('pt','O', ARRAY['A sua marcação está confirmada ✅', 'Temos disponibilidade às 10:00, 11:30 ou 15:00. Qual prefere?',
                 'Lembrete: amanhã às 14:30 — Corte feminino com a Inês. Até já! 💇‍♀️',
                 'A sua marcação foi cancelada. Esperamos vê-la em breve 🌸',
                 'O preço da coloração é 55,00 € (raiz) ou 80,00 € com madeixas.',
                 'Obrigado pela visita! Pode avaliar-nos de 1 a 5? ⭐⭐⭐⭐⭐',
                 'Sem problema, já alterámos para sexta às 16:00 👌', 'Hoje estamos abertos até às 20h.']),
 ('es','I', ARRAY['¡Hola! ¿Tenéis hueco mañana para unas mechas?', 'Perdón, llego 15 minutos tarde 🙈',
                 '¿Cuánto cuesta la manicura semipermanente?', 'Necesito cancelar la cita del jueves, lo siento mucho',
                 '¡Muchísimas gracias, quedó precioso! 😍💅🏻', '¿Puede atenderme Begoña el sábado?', 'Vale 👌', 'Sí, confirmo ✔️']),
 ('es','O', ARRAY['Tu cita está confirmada para el viernes a las 17:30 ✅',
                 'Recordatorio: mañana a las 10:00 — Corte y peinado. ¡Te esperamos! 💇🏻‍♀️',
                 'Tenemos huecos a las 12:00 y a las 18:30. ¿Cuál prefieres?', 'La manicura semipermanente cuesta 22 €.',
                 'Hemos cancelado tu cita. ¡Esperamos verte pronto! 🌷', '¿Qué tal fue tu visita? Valóranos del 1 al 5 ⭐']),
 ('de','I', ARRAY['Hallo, haben Sie am Samstag noch einen Termin für Strähnchen frei?',
                 'Ich komme ca. 10 Minuten später, Entschuldigung! 🚗', 'Was kostet eine Maniküre mit Gellack?',
                 'Muss den Termin leider absagen, bin krank 🤒', 'Vielen Dank, sieht großartig aus! 😍',
                 'Ist Jürgen nächste Woche da?', 'Passt 👍🏻', 'Ja']),
 ('de','O', ARRAY['Ihr Termin ist bestätigt ✅', 'Erinnerung: morgen um 09:30 – Damenhaarschnitt bei Käthe. Bis morgen! ✂️',
                 'Wir hätten um 11:00 oder 16:30 Uhr etwas frei. Was passt Ihnen?', 'Eine Maniküre mit Gellack kostet 39,– €.',
                 'Ihr Termin wurde storniert. Gute Besserung! 🍵', 'Danke für Ihren Besuch! Wie zufrieden waren Sie (1–5)? ⭐']),
 ('tr','I', ARRAY['Merhaba, cumartesi saat 11’de boya için yer var mı?', 'Biraz geç kalacağım, kusura bakmayın 🙏🏽',
                 'Manikür ne kadar?', 'Perşembe randevumu iptal etmem gerekiyor', 'Çok teşekkürler, harika olmuş! 😍🧿',
                 'Işıl Hanım yarın müsait mi?', 'Tamam 👌🏾']),
 ('tr','O', ARRAY['Randevunuz onaylandı ✅', 'Hatırlatma: yarın saat 15:00 — Saç kesimi. Görüşmek üzere! 💇‍♀️',
                 'Saat 10:30 ve 17:00’de boş yerimiz var. Hangisi uygun?', 'Manikür 450 ₺.',
                 'Randevunuz iptal edildi. Tekrar bekleriz 🌹', 'Ziyaretiniz için teşekkürler! Bizi 1–5 arası puanlar mısınız? ⭐']),
 ('ru','I', ARRAY['Здравствуйте! Можно записаться на маникюр в субботу?', 'Опаздываю минут на 10, извините 🙏',
                 'Сколько стоит окрашивание корней?', 'Мне нужно отменить запись на четверг 😔',
                 'Спасибо огромное, всё очень понравилось! 😍', 'Алёна завтра работает?', 'Ок 👌', 'Да']),
 ('ru','O', ARRAY['Ваша запись подтверждена ✅', 'Напоминаем: завтра в 12:00 — Женская стрижка у мастера Ксении. Ждём вас! 💇🏼‍♀️',
                 'Есть свободное время в 10:00 и 18:30. Что вам удобнее?', 'Окрашивание корней — 3 500 ₽.',
                 'Ваша запись отменена. Будем рады видеть вас снова 🌷', 'Спасибо за визит! Оцените нас от 1 до 5 ⭐']),
 ('ar','I', ARRAY['مرحبا، هل يوجد موعد متاح يوم السبت لصبغة الشعر؟', 'سأتأخر عشر دقائق، آسفة 🙏🏾', 'كم سعر المانيكير؟',
                 'أريد إلغاء موعدي يوم الخميس', 'شكرا جزيلا، النتيجة رائعة! 😍', 'هل ليلى متاحة غدا؟', 'تمام 👍🏽']),
 ('ar','O', ARRAY['تم تأكيد موعدك ✅', 'تذكير: موعدك غدا الساعة 4:30 مساء — قص الشعر. بانتظارك! 💇🏽‍♀️',
                 'لدينا مواعيد متاحة الساعة 11:00 و 19:00. أيهما يناسبك؟', 'سعر المانيكير 120 درهم.',
                 'تم إلغاء موعدك. نتمنى رؤيتك قريبا 🌸', 'شكرا لزيارتك! كيف تقيمين تجربتك من 1 إلى 5؟ ⭐']),
 ('en','I', ARRAY['Hi! Have you got anything Saturday morning for a gel manicure?', 'Running about 10 mins late, sorry!! 🏃🏻‍♀️',
                 'How much is a full head of highlights?', 'Need to cancel Thursday, so sorry 😞',
                 'Absolutely love it, thank you!! 😍💅🏿', 'Is Siobhán in next week?', 'ok 👍', 'Yes please']),
 ('en','O', ARRAY['Your appointment is confirmed ✅', 'Reminder: tomorrow at 11:15 — Cut & blow-dry with Niamh. See you then! ✂️',
                 'We have 12:30 or 17:45 free. Which suits you?', 'Full head highlights are £95.',
                 'Your appointment has been cancelled. Hope to see you soon 🌸', 'Thanks for visiting! How would you rate us 1–5? ⭐']),
 ('xx','I', ARRAY['👩‍💻 sending the receipt by e-mail / envio o comprovativo por email',
                 '🇵🇹🇧🇷🇪🇸🇲🇽🇩🇪🇦🇹🇹🇷🇷🇺🇦🇪🇸🇦🇬🇧', '❤️🧡💛💚💙💜🖤🤍🤎', '👨‍👩‍👧‍👦 can I bring the kids? 👶🏻',
                 '👍🏻👍🏼👍🏽👍🏾👍🏿', '🏳️‍🌈 ☺️ ☺︎ ✂︎ ✂️ ❤︎', '🧖🏽‍♀️💆🏻‍♂️💇🏿‍♀️', '🙂']),
 ('xx','O', ARRAY['✅', '💅✨💖', '🗓️ 📍 ⏰ 10:30 🇩🇪🇹🇷', '👩🏽‍🎨 👨🏻‍🦰 🧔🏿‍♂️ — see you! / até já!']);

-- Every (lang, dir) list spread over exactly 12 slots, so one equality join picks a phrase.
CREATE TEMP TABLE phrase AS
SELECT p.lang, p.dir, s.slot, p.txt[1 + (s.slot - 1) % cardinality(p.txt)] AS txt
FROM phrase_src p CROSS JOIN generate_series(1, 12) AS s(slot);
CREATE INDEX ON phrase (lang, dir, slot);
ANALYZE phrase;

-- Emoji that customers put into their contact names.
\set name_emoji '''{🌸,💅🏽,👩🏻‍🦰,✨,❤️,👑,🧖‍♀️,💇🏾‍♀️,🦋,🇵🇹,🇹🇷,🇺🇦,☺︎}'''

-- ---------------------------------------------------------------------------------------------
-- Bulk load: the indexes of the two big tables are dropped here and rebuilt, with the very same
-- definitions (read back from the catalog), once their rows are in. Primary keys that no
-- foreign key depends on are handled the same way.
-- ---------------------------------------------------------------------------------------------
CREATE TEMP TABLE saved_idx AS
-- plain (incl. Prisma's unique) indexes, and primary keys no foreign key points at
SELECT i.indrelid::regclass AS tbl, c.relname AS name,
       CASE WHEN k.oid IS NULL THEN 'index' ELSE 'pkey' END AS kind,
       -- (the definition of a partitioned table's index says ON ONLY, which would build no
       -- index on the partitions)
       CASE WHEN k.oid IS NULL THEN replace(pg_get_indexdef(i.indexrelid), ' ON ONLY ', ' ON ')
            ELSE pg_get_constraintdef(k.oid) END AS def
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid
WHERE i.indrelid IN ('public.bookings'::regclass, 'public.messages'::regclass)
  AND (k.oid IS NULL OR (k.contype = 'p' AND NOT EXISTS (
        SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.confrelid = i.indrelid)))
UNION ALL
-- their foreign keys (checked once, in bulk, when they are added back)
SELECT k.conrelid::regclass, k.conname, 'fkey', pg_get_constraintdef(k.oid)
FROM pg_constraint k
WHERE k.contype = 'f' AND k.conrelid IN ('public.bookings'::regclass, 'public.messages'::regclass);
SELECT CASE kind WHEN 'index' THEN format('DROP INDEX %I', name)
                 ELSE format('ALTER TABLE %s DROP CONSTRAINT %I', tbl, name) END
FROM saved_idx ORDER BY kind = 'fkey' DESC, tbl::text, name \gexec

-- ---------------------------------------------------------------------------------------------
-- Salons
-- ---------------------------------------------------------------------------------------------
CREATE TEMP TABLE s AS
SELECT g AS s, a.*,
       pg_temp.uid('salon', g) AS id,
       (g % 23 = 6) AS inactive
FROM generate_series(1, :n_salons) g
JOIN archetype a ON a.a = 1 + (g - 1) % 12;
CREATE UNIQUE INDEX ON s (s);
ANALYZE s;

INSERT INTO salons (id, name, phone_number_id, access_token, is_active, created_at, updated_at)
SELECT id,
       CASE WHEN s <= 12 THEN name ELSE name || ' — ' || branch || ' ' || (1 + (s - 1) / 12) END,
       (106540352242922 + s * 7919311::bigint)::text,
       CASE WHEN s % 5 = 3 THEN 'EAAJ' ELSE 'EAAG' END ||
       translate(encode(sha256(('tok-a-' || s)::bytea) || sha256(('tok-b-' || s)::bytea) ||
                        sha256(('tok-c-' || s)::bytea) || sha256(('tok-d-' || s)::bytea) ||
                        sha256(('tok-e-' || s)::bytea), 'base64'), E'+/=\n', 'ZCA'),
       NOT inactive,
       :'t_now'::timestamp - make_interval(days => 420 - s % 300, hours => s % 9),
       CASE WHEN inactive THEN :'t_now'::timestamp - interval '45 days'
            ELSE :'t_now'::timestamp - make_interval(days => s % 40, mins => s * 7) END
FROM s;

-- ---------------------------------------------------------------------------------------------
-- Customers: n_cust per salon; phone numbers unique per salon (7919 is coprime with 10).
-- ---------------------------------------------------------------------------------------------
CREATE TEMP TABLE cust AS
SELECT q.s, q.c,
       q.cc || q.mobile || lpad(((q.c::bigint * 7919 + q.s * 104729) % (10::bigint ^ q.ndig)::bigint)::text, q.ndig, '0') AS phone,
       CASE WHEN q.r2 < 0.10 THEN q.first
            ELSE q.first || ' ' || q.last END ||
       CASE WHEN q.r3 < 0.06 THEN ' ' || pg_temp.pick(:name_emoji::text[], q.r4) ELSE '' END AS name,
       q.lang
FROM (
    SELECT s.s, c, s.cc, s.mobile, s.ndig, l.lang,
           pg_temp.pick(l.firsts, pg_temp.rnd(s.s * 100000 + c, 11)) AS first,
           pg_temp.pick(l.lasts,  pg_temp.rnd(s.s * 100000 + c, 12)) AS last,
           pg_temp.rnd(s.s * 100000 + c, 13) AS r2,
           pg_temp.rnd(s.s * 100000 + c, 14) AS r3,
           pg_temp.rnd(s.s * 100000 + c, 15) AS r4
    FROM s CROSS JOIN generate_series(1, :n_cust) c
    JOIN lang l ON l.lang = CASE WHEN pg_temp.rnd(s.s * 100000 + c, 10) < 0.8 THEN s.lang
                                 ELSE (ARRAY['pt','es','de','tr','ru','ar','en'])[1 + (c % 7)] END
) q;
CREATE UNIQUE INDEX ON cust (s, c);
ANALYZE cust;

-- ---------------------------------------------------------------------------------------------
-- v2 only: masters and services
-- ---------------------------------------------------------------------------------------------
\if :v2
INSERT INTO masters (id, salon_id, name, is_active, created_at, updated_at)
SELECT pg_temp.uid('master', s.s * 100 + m), s.id,
       pg_temp.pick(l.firsts, pg_temp.rnd(s.s * 100 + m, 21)) || ' ' ||
       left(pg_temp.pick(l.lasts, pg_temp.rnd(s.s * 100 + m, 22)), 1) || '.',
       m <> 4, :'t_now'::timestamp - interval '300 days', :'t_now'::timestamp - make_interval(days => m)
FROM s JOIN lang l USING (lang) CROSS JOIN generate_series(1, 3 + s.s % 6) m;

INSERT INTO services (id, salon_id, name, duration_min, price, created_at, updated_at)
SELECT pg_temp.uid('service', s.s * 100 + k), s.id, l.svc[k], l.dur[k], l.price[k],
       :'t_now'::timestamp - interval '300 days', :'t_now'::timestamp - interval '20 days'
FROM s JOIN lang l USING (lang) CROSS JOIN generate_series(1, 8) k;
\endif

-- ---------------------------------------------------------------------------------------------
-- Bookings
-- ---------------------------------------------------------------------------------------------
CREATE TEMP TABLE bk AS
SELECT q.*,
       -- local slot -> UTC wall time
       ((q.day + make_interval(hours => 9, mins => 30 * q.slot)) AT TIME ZONE q.tz) AT TIME ZONE 'UTC' AS start_ts
FROM (
    SELECT n, s.s, s.id AS salon_id, s.tz, s.lang, s.currency, s.inactive,
           1 + floor(:n_cust * pg_temp.rnd(n, 32) ^ 1.6)::int AS c,
           1 + floor(8 * pg_temp.rnd(n, 33))::int AS k,
           -- day in [-60, +30]; inactive salons stopped 45 days ago; Sundays move to Monday
           (SELECT d + CASE WHEN extract(dow FROM d) = 0 THEN interval '1 day' ELSE interval '0' END
              FROM (SELECT (:'t_now'::date + CASE WHEN s.inactive THEN -60 + floor(14 * pg_temp.rnd(n, 34))::int
                                                  ELSE -60 + floor(91 * pg_temp.rnd(n, 34))::int END)::timestamp AS d) dd) AS day,
           floor(22 * pg_temp.rnd(n, 35))::int AS slot,
           pg_temp.rnd(n, 36) AS r_status, pg_temp.rnd(n, 37) AS r_meta, pg_temp.rnd(n, 38) AS r_created
    FROM generate_series(1::bigint, :n_bookings) n
    JOIN s ON s.s = 1 + floor(:n_salons * pg_temp.rnd(n, 31) ^ 1.3)::int
) q;

\if :v2
-- v2: the same rows plus end_ts/master/service and the newer statuses
INSERT INTO bookings (id, booking_code, salon_id, customer_phone, customer_name, service, start_ts,
                      status, metadata, created_at, updated_at, end_ts, master_id, service_id)
SELECT pg_temp.uid('booking', b.n),
       'BK-' || upper(lpad(to_hex((b.n * 2654435761) % 4294967296), 8, '0')),
       b.salon_id, c.phone, c.name, l.svc[b.k], b.start_ts,
       CASE WHEN b.start_ts >= :'t_now'::timestamp AND b.r_status >= 0.80 AND b.r_status < 0.86 THEN 'RESCHEDULED'
            WHEN b.start_ts >= :'t_now'::timestamp AND b.r_status >= 0.86 AND b.r_status < 0.90 THEN 'PENDING_PAYMENT'
            WHEN b.start_ts < :'t_now'::timestamp THEN
             CASE WHEN b.r_status < 0.82 THEN 'COMPLETED' WHEN b.r_status < 0.89 THEN 'NO_SHOW' ELSE 'CANCELLED' END
            ELSE CASE WHEN b.r_status < 0.90 THEN 'CONFIRMED' ELSE 'CANCELLED' END END,
       CASE WHEN b.r_meta < 0.25 THEN NULL
            ELSE jsonb_build_object('tz', b.tz, 'source', pg_temp.pick('{whatsapp,whatsapp,whatsapp,instagram,phone,walk-in}'::text[], b.r_meta),
                                    'price', l.price[b.k], 'currency', b.currency, 'duration_min', l.dur[b.k]) END,
       least(b.start_ts - make_interval(mins => (60 + b.r_created * 20 * 1440)::int), :'t_now'::timestamp - interval '1 minute'),
       least(b.start_ts + interval '2 hours', :'t_now'::timestamp),
       b.start_ts + make_interval(mins => l.dur[b.k]),
       CASE WHEN b.r_meta < 0.9 THEN pg_temp.uid('master', b.s * 100 + 1 + floor((3 + b.s % 6) * b.r_created)::int) END,
       pg_temp.uid('service', b.s * 100 + b.k)
FROM bk b
JOIN cust c ON c.s = b.s AND c.c = b.c
JOIN lang l ON l.lang = b.lang;
\else
INSERT INTO bookings (id, booking_code, salon_id, customer_phone, customer_name, service, start_ts,
                      status, metadata, created_at, updated_at)
SELECT pg_temp.uid('booking', b.n),
       'BK-' || upper(lpad(to_hex((b.n * 2654435761) % 4294967296), 8, '0')),
       b.salon_id, c.phone, c.name, l.svc[b.k], b.start_ts,
       st.status::"BookingStatus",
       CASE WHEN b.r_meta < 0.25 THEN NULL
            ELSE jsonb_build_object('tz', b.tz, 'source', pg_temp.pick('{whatsapp,whatsapp,whatsapp,instagram,phone,walk-in}'::text[], b.r_meta),
                                    'price', l.price[b.k], 'currency', b.currency, 'duration_min', l.dur[b.k])
                 || CASE WHEN b.r_meta > 0.93 THEN jsonb_build_object('notes', pg_temp.pick(
                        '{"Alergia a amoníaco ⚠️","Prefers Siobhán 💅🏿","Аллергия на лак 🙅‍♀️","Kind kommt mit 👶","يفضل الحناء الطبيعية","Kahve sever ☕"}'::text[], b.r_meta * 7 - floor(b.r_meta * 7)))
                    ELSE '{}'::jsonb END
       END,
       least(b.start_ts - make_interval(mins => (60 + b.r_created * 20 * 1440)::int), :'t_now'::timestamp - interval '1 minute'),
       least(b.start_ts + interval '2 hours', :'t_now'::timestamp)
FROM bk b
JOIN cust c ON c.s = b.s AND c.c = b.c
JOIN lang l ON l.lang = b.lang
CROSS JOIN LATERAL (SELECT CASE
        WHEN b.start_ts < :'t_now'::timestamp THEN
             CASE WHEN b.r_status < 0.82 THEN 'COMPLETED' WHEN b.r_status < 0.89 THEN 'NO_SHOW' ELSE 'CANCELLED' END
        ELSE CASE WHEN b.r_status < 0.90 THEN 'CONFIRMED' ELSE 'CANCELLED' END END AS status) st;
\endif
DROP TABLE bk;

-- ---------------------------------------------------------------------------------------------
-- Threads: one per (salon, customer phone). Threads 1..n_conv have a conversations row.
-- Thread 1 is the big one (n_big messages).
-- ---------------------------------------------------------------------------------------------
CREATE TEMP TABLE thr AS
SELECT q.*,
       CASE WHEN q.tid <= :n_conv THEN pg_temp.uid('conversation', q.tid) END AS conv_id,
       q.t_end - make_interval(secs => (CASE WHEN q.tid = 1 THEN 80 * 86400
                                             ELSE pg_temp.rnd(q.tid, 43) * 30 * 86400 END)::int) AS t_start
FROM (
    SELECT t.tid, s.s, s.id AS salon_id, s.inactive, c.phone, c.name AS cust_name, c.lang,
           CASE WHEN t.tid = 1 THEN :'t_now'::timestamp - interval '2 minutes'
                WHEN s.inactive THEN :'t_now'::timestamp - make_interval(secs => (45 * 86400 + pg_temp.rnd(t.tid, 42) * 40 * 86400)::int)
                WHEN t.tid % 10 = 1 THEN :'t_now'::timestamp - make_interval(secs => (pg_temp.rnd(t.tid, 42) * 7200)::int)
                ELSE :'t_now'::timestamp - make_interval(secs => (pg_temp.rnd(t.tid, 42) ^ 3 * 60 * 86400)::int) END AS t_end
    FROM generate_series(1, :n_threads) t(tid)
    JOIN s ON s.s = 1 + (t.tid - 1) % :n_salons
    JOIN cust c ON c.s = s.s AND c.c = 1 + (t.tid - 1) / :n_salons
) q;
CREATE UNIQUE INDEX ON thr (tid);
ANALYZE thr;

-- ---------------------------------------------------------------------------------------------
-- Messages
-- ---------------------------------------------------------------------------------------------
INSERT INTO messages (id, salon_id, conversation_id, direction, phone_number, message_type, content,
                      media_url, whatsapp_id, status, cost, created_at, updated_at)
SELECT pg_temp.uid('message', m.n),
       m.salon_id,
       CASE WHEN m.r_conv < 0.04 THEN NULL ELSE m.conv_id END,
       m.dir::"MessageDirection",
       m.phone,
       m.mtype::"MessageType",
       CASE WHEN m.mtype IN ('IMAGE', 'VIDEO', 'AUDIO', 'DOCUMENT') AND (m.mtype = 'AUDIO' OR m.r_len < 0.5) THEN NULL
            WHEN m.mtype = 'DOCUMENT' THEN pg_temp.pick('{"Fatura FT 2025/1187.pdf","Factura_0042.pdf","Rechnung-Nr. 2025-118.pdf","Прайс-лист 2025.pdf","قائمة الأسعار.pdf","Price list (new).pdf"}'::text[], m.r_len)
            WHEN m.mtype = 'TEMPLATE' THEN 'Lembrete / Reminder / Напоминание: ' || m.cust_name || ' — ' ||
                 to_char(m.created_at + interval '1 day', 'DD.MM HH24:MI') || ' ✅ 1️⃣ Confirmar  2️⃣ Cancelar'
            WHEN m.r_len < 0.002 THEN ''
            WHEN m.r_len > 0.996 THEN repeat(p.txt || CASE WHEN m.r_len > 0.998 THEN E'\n' ELSE ' ' END,
                                             40 + floor(m.r_size * 100)::int)
            WHEN m.dir = 'OUTBOUND' AND m.r_len < 0.4 THEN l.greet || ' ' || split_part(m.cust_name, ' ', 1) || '! ' || p.txt
            ELSE p.txt END,
       CASE m.mtype
            WHEN 'IMAGE' THEN CASE WHEN m.dir = 'INBOUND'
                 THEN 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=' || (1000000000000000 + m.n * 7907)::text || '&ext=1729' || (100000 + m.n % 900000) || '&hash=ATv' || left(md5('h' || m.n), 22)
                 ELSE 'https://cdn.salondesk-demo.app/media/' || m.salon_id || '/' || left(md5('i' || m.n), 16) || '.jpg' END
            WHEN 'VIDEO' THEN 'https://cdn.salondesk-demo.app/media/' || m.salon_id || '/' || left(md5('v' || m.n), 16) || '.mp4'
            WHEN 'AUDIO' THEN 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=' || (2000000000000000 + m.n * 7907)::text || '&ext=1729' || (100000 + m.n % 900000) || '&hash=ATu' || left(md5('a' || m.n), 22)
            WHEN 'DOCUMENT' THEN 'https://cdn.salondesk-demo.app/docs/' || m.salon_id || '/' || left(md5('d' || m.n), 16) || '.pdf'
       END,
       CASE WHEN m.status = 'FAILED' AND m.r_conv > 0.5 THEN NULL
            ELSE 'wamid.HBgM' || translate(encode(convert_to(m.phone, 'UTF8') || decode(md5('w' || m.n), 'hex'), 'base64'), E'+/=\n', '') END,
       m.status:::t_mstat,
       CASE WHEN m.dir = 'INBOUND' THEN NULL
            WHEN m.mtype = 'TEMPLATE' THEN round((0.0080 + 0.0720 * m.r_size)::numeric, 4)
            WHEN m.r_size < 0.5 THEN 0.0000 END,
       m.created_at,
       m.created_at + make_interval(secs => CASE WHEN m.status IN ('READ', 'DELIVERED') THEN round(m.r_size * 600) ELSE 0 END)
FROM (
    SELECT x.*,
           CASE WHEN x.dir = 'INBOUND' THEN
                CASE WHEN x.r_type < 0.85 THEN 'TEXT' WHEN x.r_type < 0.92 THEN 'IMAGE' WHEN x.r_type < 0.97 THEN 'AUDIO'
                     WHEN x.r_type < 0.985 THEN 'VIDEO' ELSE 'DOCUMENT' END
           ELSE CASE WHEN x.r_type < 0.72 THEN 'TEXT' WHEN x.r_type < 0.90 THEN 'TEMPLATE' WHEN x.r_type < 0.94 THEN 'IMAGE'
                     WHEN x.r_type < 0.98 THEN 'DOCUMENT' WHEN x.r_type < 0.99 THEN 'VIDEO' ELSE 'AUDIO' END
           END AS mtype,
           CASE WHEN x.dir = 'INBOUND' THEN CASE WHEN x.r_status < 0.8 THEN 'READ' ELSE 'DELIVERED' END
                WHEN :'v2'::boolean AND x.r_status < 0.004 THEN 'DELETED'
                WHEN x.created_at > :'t_now'::timestamp - interval '10 minutes' AND x.r_status < 0.5 THEN 'SENT'
                WHEN x.r_status < 0.55 THEN 'READ' WHEN x.r_status < 0.80 THEN 'DELIVERED'
                WHEN x.r_status < 0.94 THEN 'SENT' ELSE 'FAILED' END AS status
    FROM (
        SELECT n, t.salon_id, t.conv_id, t.phone, t.cust_name, t.lang,
               CASE WHEN pg_temp.rnd(n, 52) < 0.47 THEN 'INBOUND' ELSE 'OUTBOUND' END AS dir,
               date_trunc('milliseconds', t.t_start + (t.t_end - t.t_start) * pg_temp.rnd(n, 53)) AS created_at,
               pg_temp.rnd(n, 54) AS r_type, pg_temp.rnd(n, 55) AS r_status, pg_temp.rnd(n, 56) AS r_len,
               pg_temp.rnd(n, 57) AS r_size, pg_temp.rnd(n, 58) AS r_conv, pg_temp.rnd(n, 59) AS r_phrase
        FROM generate_series(1::bigint, :n_msgs) n
        JOIN thr t ON t.tid = CASE WHEN n <= :n_big THEN 1
                                   ELSE 2 + floor((:n_threads - 1) * pg_temp.rnd(n, 51) ^ 1.7)::int END
    ) x
) m
JOIN lang l ON l.lang = m.lang
JOIN phrase p ON p.lang = CASE WHEN m.r_phrase < 0.04 THEN 'xx' ELSE m.lang END
             AND p.dir = CASE WHEN m.dir = 'INBOUND' THEN 'I' ELSE 'O' END
             AND p.slot = 1 + floor(12 * (m.r_phrase * 25 - floor(m.r_phrase * 25)))::int;

-- Rebuild what the bulk load dropped (parallel index builds on this 2-core machine).
SELECT CASE kind WHEN 'index' THEN def
                 ELSE format('ALTER TABLE %s ADD CONSTRAINT %I %s', tbl, name, def) END
FROM saved_idx ORDER BY kind = 'fkey', kind = 'index', tbl::text, name \gexec
DROP TABLE saved_idx;

-- ---------------------------------------------------------------------------------------------
-- Conversations: aggregates of their messages (24 h WhatsApp window decides ACTIVE/EXPIRED)
-- ---------------------------------------------------------------------------------------------
INSERT INTO conversations (id, salon_id, phone_number, status, started_at, last_message_at,
                           message_count, cost, created_at, updated_at)
SELECT t.conv_id, t.salon_id, t.phone,
       (CASE WHEN t.tid % 37 = 5 THEN 'BLOCKED'
             WHEN coalesce(a.last_at, t.t_end) > :'t_now'::timestamp - interval '24 hours' THEN 'ACTIVE'
             ELSE 'EXPIRED' END):::t_cstat,
       coalesce(a.first_at, t.t_start), coalesce(a.last_at, t.t_start),
       coalesce(a.cnt, 0), coalesce(a.cost, 0),
       coalesce(a.first_at, t.t_start), coalesce(a.last_at, t.t_start)
FROM thr t
LEFT JOIN (SELECT conversation_id, min(created_at) AS first_at, max(created_at) AS last_at,
                  count(*) AS cnt, sum(cost) AS cost
           FROM messages WHERE conversation_id IS NOT NULL GROUP BY conversation_id) a
       ON a.conversation_id = t.conv_id
WHERE t.conv_id IS NOT NULL;

-- ---------------------------------------------------------------------------------------------
-- AI conversations (every 4th conversation) and their messages
-- ---------------------------------------------------------------------------------------------
CREATE TEMP TABLE aic AS
SELECT row_number() OVER (ORDER BY t.tid)::int AS k, t.*,
       pg_temp.uid('ai-conversation', t.tid) AS ai_id,
       pg_temp.pick('{gpt-4o-mini,gpt-4o-mini,gpt-4o,claude-3-5-haiku-20241022,gpt-3.5-turbo}'::text[], pg_temp.rnd(t.tid, 61)) AS model
FROM thr t WHERE t.conv_id IS NOT NULL AND t.tid % 4 = 0;
CREATE UNIQUE INDEX ON aic (k);
ANALYZE aic;
SELECT count(*) AS n_aic FROM aic \gset

INSERT INTO ai_conversations (id, salon_id, phone_number, conversation_id, ai_model, total_tokens,
                              total_cost, message_count, created_at, updated_at)
SELECT ai_id, salon_id, phone, conv_id, model, 0, 0, 0, t_start, t_end FROM aic;

INSERT INTO ai_messages (id, conversation_id, salon_id, phone_number, direction, content, ai_model,
                         tokens_used, cost, response_time_ms, created_at)
SELECT pg_temp.uid('ai-message', x.n), x.ai_id, x.salon_id, x.phone, x.dir::"MessageDirection",
       CASE WHEN x.dir = 'INBOUND' THEN p.txt
            ELSE l.greet || ' ' || split_part(x.cust_name, ' ', 1) || '! ' || p.txt END,
       x.model, x.tokens,
       round((x.tokens * CASE x.model WHEN 'gpt-4o' THEN 0.00001 WHEN 'gpt-3.5-turbo' THEN 0.0000015
                                      ELSE 0.0000006 END)::numeric, 6),
       CASE WHEN x.dir = 'OUTBOUND' THEN 350 + floor(x.r2 * 8000)::int END,
       x.created_at
FROM (
    SELECT n, a.*,
           CASE WHEN n % 2 = 1 THEN 'INBOUND' ELSE 'OUTBOUND' END AS dir,
           20 + floor(pg_temp.rnd(n, 63) ^ 2 * 900)::int AS tokens,
           pg_temp.rnd(n, 64) AS r2, pg_temp.rnd(n, 65) AS r3,
           date_trunc('milliseconds', a.t_start + (a.t_end - a.t_start) * pg_temp.rnd(n, 66)) AS created_at
    FROM generate_series(1::bigint, :n_ai_msgs) n
    JOIN aic a ON a.k = 1 + floor(:n_aic * pg_temp.rnd(n / 2, 62))::int
) x
JOIN lang l ON l.lang = x.lang
JOIN phrase p ON p.lang = x.lang AND p.dir = CASE WHEN x.dir = 'INBOUND' THEN 'I' ELSE 'O' END
             AND p.slot = 1 + floor(12 * x.r3)::int;

UPDATE ai_conversations c
SET total_tokens = a.tokens, total_cost = a.cost, message_count = a.cnt,
    created_at = least(c.created_at, a.first_at), updated_at = a.last_at
FROM (SELECT conversation_id, sum(tokens_used) AS tokens, sum(cost) AS cost, count(*) AS cnt,
             min(created_at) AS first_at, max(created_at) AS last_at
      FROM ai_messages GROUP BY conversation_id) a
WHERE a.conversation_id = c.id;

-- ---------------------------------------------------------------------------------------------
-- Templates: 4 in the salon's language + 3 in en_US per salon; every status occurs.
-- ---------------------------------------------------------------------------------------------
CREATE TEMP TABLE tpl_body (lang text, name text, category text, body text);
INSERT INTO tpl_body VALUES
 ('pt','booking_confirmation','UTILITY','Olá {{1}}, a sua marcação de {{2}} está confirmada para {{3}} ✅'),
 ('pt','appointment_reminder_24h','UTILITY','Lembrete: amanhã às {{1}} tem {{2}} connosco. Responda 1 para confirmar ou 2 para cancelar.'),
 ('pt','booking_cancelled','UTILITY','A sua marcação de {{1}} foi cancelada. Até breve 🌸'),
 ('pt','promo_black_friday','MARKETING','🖤 Black Friday: -30% em coloração e madeixas até domingo!'),
 ('es','booking_confirmation','UTILITY','Hola {{1}}, tu cita de {{2}} está confirmada para el {{3}} ✅'),
 ('es','appointment_reminder_24h','UTILITY','Recordatorio: mañana a las {{1}} tienes {{2}}. Responde 1 para confirmar o 2 para cancelar.'),
 ('es','booking_cancelled','UTILITY','Tu cita de {{1}} ha sido cancelada. ¡Hasta pronto! 🌷'),
 ('es','promo_black_friday','MARKETING','🖤 Black Friday: ¡-30 % en mechas y manicura hasta el domingo!'),
 ('de','booking_confirmation','UTILITY','Hallo {{1}}, Ihr Termin für {{2}} am {{3}} ist bestätigt ✅'),
 ('de','appointment_reminder_24h','UTILITY','Erinnerung: morgen um {{1}} Uhr – {{2}}. Antworten Sie 1 zum Bestätigen oder 2 zum Absagen.'),
 ('de','booking_cancelled','UTILITY','Ihr Termin für {{1}} wurde storniert. Bis bald!'),
 ('de','promo_black_friday','MARKETING','🖤 Black Friday: 30 % auf Färben & Strähnchen – nur bis Sonntag!'),
 ('tr','booking_confirmation','UTILITY','Merhaba {{1}}, {{3}} tarihli {{2}} randevunuz onaylandı ✅'),
 ('tr','appointment_reminder_24h','UTILITY','Hatırlatma: yarın saat {{1}}’de {{2}} randevunuz var. Onay için 1, iptal için 2 yazın.'),
 ('tr','booking_cancelled','UTILITY','{{1}} randevunuz iptal edildi. Görüşmek üzere 🌹'),
 ('tr','promo_black_friday','MARKETING','🖤 Efsane Cuma: boya ve manikürde %30 indirim, pazara kadar!'),
 ('ru','booking_confirmation','UTILITY','Здравствуйте, {{1}}! Ваша запись на {{2}} {{3}} подтверждена ✅'),
 ('ru','appointment_reminder_24h','UTILITY','Напоминаем: завтра в {{1}} — {{2}}. Ответьте 1 для подтверждения или 2 для отмены.'),
 ('ru','booking_cancelled','UTILITY','Ваша запись на {{1}} отменена. До встречи! 🌷'),
 ('ru','promo_black_friday','MARKETING','🖤 Чёрная пятница: −30 % на окрашивание до воскресенья!'),
 ('ar','booking_confirmation','UTILITY','مرحبا {{1}}، تم تأكيد موعدك لـ {{2}} بتاريخ {{3}} ✅'),
 ('ar','appointment_reminder_24h','UTILITY','تذكير: موعدك غدا الساعة {{1}} — {{2}}. أرسلي 1 للتأكيد أو 2 للإلغاء.'),
 ('ar','booking_cancelled','UTILITY','تم إلغاء موعدك لـ {{1}}. نراك قريبا 🌸'),
 ('ar','promo_black_friday','MARKETING','🖤 الجمعة البيضاء: خصم 30٪ على الصبغة حتى الأحد!'),
 ('en','booking_confirmation','UTILITY','Hi {{1}}, your {{2}} on {{3}} is confirmed ✅'),
 ('en','appointment_reminder_24h','UTILITY','Reminder: tomorrow at {{1}} you have {{2}}. Reply 1 to confirm or 2 to cancel.'),
 ('en','booking_cancelled','UTILITY','Your {{1}} appointment has been cancelled. See you soon 🌸'),
 ('en','promo_black_friday','MARKETING','🖤 Black Friday: 30% off colour & balayage until Sunday!'),
 ('en_US','feedback_request','MARKETING','Thanks for visiting {{1}}! How did we do? Reply with 1–5 ⭐'),
 ('en_US','otp_login','AUTHENTICATION','{{1}} is your verification code. For your security, do not share this code.'),
 ('en_US','holiday_hours','UTILITY','Holiday hours 🎄: we close at {{1}} on {{2}} and reopen on {{3}}.');

INSERT INTO templates (id, salon_id, name, language, category, status, content, created_at, updated_at)
SELECT pg_temp.uid('template', s.s * 100 + row_number() OVER (PARTITION BY s.s ORDER BY b.name)),
       s.id, b.name, CASE WHEN b.lang = 'en_US' THEN 'en_US' ELSE s.tpl_lang END, b.category,
       st.status:::t_tstat,
       jsonb_build_object('components', jsonb_build_array(
              jsonb_build_object('type', 'BODY', 'text', b.body),
              jsonb_build_object('type', 'FOOTER', 'text', s.name)))
       || CASE WHEN b.name IN ('booking_confirmation', 'appointment_reminder_24h') THEN
              jsonb_build_object('buttons', jsonb_build_array(jsonb_build_object('type', 'QUICK_REPLY', 'text', '1'),
                                                              jsonb_build_object('type', 'QUICK_REPLY', 'text', '2')))
          ELSE '{}'::jsonb END
       || CASE WHEN st.status = 'REJECTED' THEN
              jsonb_build_object('rejected_reason', pg_temp.pick('{INVALID_FORMAT,PROMOTIONAL,TAG_CONTENT_MISMATCH}'::text[], pg_temp.rnd(s.s, 71)))
          ELSE '{}'::jsonb END,
       :'t_now'::timestamp - make_interval(days => 200 - s.s % 100),
       :'t_now'::timestamp - make_interval(days => s.s % 30, hours => length(b.name))
FROM s
JOIN tpl_body b ON b.lang = s.lang OR b.lang = 'en_US'
CROSS JOIN LATERAL (SELECT CASE
        WHEN b.name = 'promo_black_friday' THEN (ARRAY['REJECTED','PENDING','APPROVED'])[1 + s.s % 3]
        WHEN b.name = 'holiday_hours' THEN CASE WHEN s.s % 2 = 0 THEN 'PENDING' ELSE 'APPROVED' END
        WHEN b.name = 'otp_login' AND s.s % 4 = 1 THEN 'REJECTED'
        ELSE 'APPROVED' END AS status) st;

-- ---------------------------------------------------------------------------------------------
-- Webhook logs: 7 days, denser recently; failures in the last hour and the last 24 h.
-- ---------------------------------------------------------------------------------------------
INSERT INTO webhook_logs (id, salon_id, event_type, payload, status, error, created_at)
SELECT pg_temp.uid('webhook', w.n),
       CASE WHEN w.err = 'salon' OR w.event_type = 'verify' THEN NULL ELSE w.salon_id END,
       w.event_type,
       CASE w.event_type
         WHEN 'verify' THEN jsonb_build_object('hub.mode', 'subscribe', 'hub.challenge', (1158201444 + w.n)::text,
                                               'hub.verify_token', 'whatsapp-saas-verify-****')
         WHEN 'message_template_status_update' THEN jsonb_build_object('object', 'whatsapp_business_account', 'entry',
              jsonb_build_array(jsonb_build_object('id', '1029384756' || lpad((w.s)::text, 5, '0'), 'time', extract(epoch FROM w.created_at)::bigint,
                'changes', jsonb_build_array(jsonb_build_object('field', 'message_template_status_update', 'value',
                   jsonb_build_object('event', pg_temp.pick('{APPROVED,REJECTED,PENDING_DELETION}'::text[], w.r2),
                                      'message_template_id', 770000000000 + w.n, 'message_template_name', 'promo_black_friday',
                                      'message_template_language', w.tpl_lang, 'reason', 'NONE'))))))
         ELSE jsonb_build_object('object', 'whatsapp_business_account', 'entry', jsonb_build_array(jsonb_build_object(
              'id', '1029384756' || lpad((w.s)::text, 5, '0'),
              'changes', jsonb_build_array(jsonb_build_object('field', 'messages', 'value',
                  jsonb_build_object('messaging_product', 'whatsapp',
                                     'metadata', jsonb_build_object('display_phone_number', w.cc || '21' || lpad((w.s * 7919 % 10000000)::text, 7, '0'),
                                                                    'phone_number_id', (106540352242922 + w.s * 7919311::bigint)::text))
                  || CASE WHEN w.event_type = 'messages' THEN jsonb_build_object(
                        'contacts', jsonb_build_array(jsonb_build_object('profile', jsonb_build_object('name', w.cust_name), 'wa_id', w.phone)),
                        'messages', jsonb_build_array(jsonb_build_object('from', w.phone, 'id', 'wamid.HBgM' || left(md5('wh' || w.n), 24),
                              'timestamp', extract(epoch FROM w.created_at)::bigint::text, 'type', 'text',
                              'text', jsonb_build_object('body', p.txt))))
                     ELSE jsonb_build_object('statuses', jsonb_build_array(jsonb_build_object(
                              'id', 'wamid.HBgM' || left(md5('wh' || w.n), 24),
                              'status', pg_temp.pick('{sent,delivered,read,failed}'::text[], w.r2),
                              'timestamp', extract(epoch FROM w.created_at)::bigint::text, 'recipient_id', w.phone,
                              'pricing', jsonb_build_object('billable', true, 'pricing_model', 'CBP', 'category', 'utility'))))
                     END)))))
       END,
       CASE WHEN w.err IS NOT NULL THEN 'failed' WHEN w.r2 < 0.02 THEN 'ignored'
            WHEN w.created_at > :'t_now'::timestamp - interval '20 seconds' THEN 'pending' ELSE 'processed' END,
       CASE w.err
         WHEN 'salon' THEN 'Salon not found for phone_number_id ' || (106540352242922 + (900 + w.n % 50) * 7919311::bigint)::text
         WHEN 'sig' THEN 'Invalid X-Hub-Signature-256: expected sha256=' || left(md5('sig' || w.n), 16) || '…'
         WHEN 'dup' THEN E'PrismaClientKnownRequestError: \nInvalid `prisma.message.create()` invocation:\n\nUnique constraint failed on the fields: (`whatsapp_id`)'
         WHEN 'timeout' THEN 'Request to https://graph.facebook.com/v18.0/' || (106540352242922 + w.s * 7919311::bigint)::text || '/messages timed out after 10000 ms'
         WHEN 'window' THEN '(#131047) Re-engagement message: More than 24 hours have passed since the recipient last replied to the sender number.'
         WHEN 'token' THEN 'OAuthException (#190): Error validating access token: Session has expired on Tuesday, 14-Oct-25 10:00:00 PDT.'
         WHEN 'type' THEN E'TypeError: Cannot read properties of undefined (reading \'messages\')\n    at WebhookService.handle (/app/dist/webhook/webhook.service.js:87:41)\n    at processTicksAndRejections (node:internal/process/task_queues:95:5)'
         WHEN 'redis' THEN 'connect ECONNREFUSED 127.0.0.1:6379 (redis: booking lock)'
       END,
       w.created_at
FROM (
    SELECT n, s.s, s.id AS salon_id, s.cc, s.tpl_lang, c.name AS cust_name, c.phone, c.lang,
           pg_temp.rnd(n, 82) AS r2, pg_temp.rnd(n, 84) AS r4,
           CASE WHEN n <= 40 THEN 'messages'
                ELSE pg_temp.pick('{messages,messages,statuses,statuses,statuses,statuses,message_template_status_update,verify}'::text[], pg_temp.rnd(n, 83)) END AS event_type,
           CASE WHEN n <= 8 OR (n <= 40 AND n % 3 = 0) OR pg_temp.rnd(n, 85) < 0.03
                THEN pg_temp.pick('{salon,sig,dup,timeout,window,token,type,redis}'::text[], pg_temp.rnd(n, 86)) END AS err,
           -- n <= 8: last hour; n <= 40: last 24 h; the rest over 7 days, denser recently
           date_trunc('milliseconds', :'t_now'::timestamp - CASE
                WHEN n <= 8 THEN make_interval(secs => n * 420 - 300)
                WHEN n <= 40 THEN make_interval(secs => (3600 + pg_temp.rnd(n, 87) * 20 * 3600)::int)
                ELSE make_interval(secs => (pg_temp.rnd(n, 87) ^ 2 * 7 * 86400)::int) END) AS created_at
    FROM generate_series(1::bigint, :n_hooks) n
    JOIN s ON s.s = 1 + (n % :n_salons)
    JOIN cust c ON c.s = s.s AND c.c = 1 + (n % :n_cust)
) w
JOIN phrase p ON p.lang = w.lang AND p.dir = 'I' AND p.slot = 1 + floor(12 * w.r4)::int;

-- ---------------------------------------------------------------------------------------------
-- v2 only: reminders and users
-- ---------------------------------------------------------------------------------------------
\if :v2
INSERT INTO reminders (id, booking_id, send_at, status, sent_at, created_at)
SELECT pg_temp.uid('reminder', q.rn), q.id, q.send_at,
       CASE WHEN q.status = 'CANCELLED' THEN 'CANCELLED'
            WHEN q.send_at > :'t_now'::timestamp THEN 'SCHEDULED'
            WHEN pg_temp.rnd(q.rn, 91) < 0.05 THEN 'FAILED'
            ELSE 'SENT' END,
       CASE WHEN q.send_at <= :'t_now'::timestamp AND q.status <> 'CANCELLED'
            THEN q.send_at + make_interval(secs => (1 + pg_temp.rnd(q.rn, 92) * 40)::int) END,
       q.created_at
FROM (SELECT b.id, b.status, b.created_at, b.start_ts - interval '24 hours' AS send_at,
             row_number() OVER (ORDER BY b.id) AS rn
      FROM bookings b
      WHERE b.start_ts > :'t_now'::timestamp - interval '14 days' AND b.metadata IS NOT NULL) q;

INSERT INTO users (id, salon_id, email, role, created_at, updated_at)
SELECT pg_temp.uid('user', s.s * 10 + u), s.id,
       CASE u WHEN 1 THEN 'owner' ELSE 'staff' || u END || '.' || s.s || '@' || s.domain,
       CASE u WHEN 1 THEN 'OWNER' ELSE 'STAFF' END,
       :'t_now'::timestamp - interval '300 days', :'t_now'::timestamp - make_interval(days => u)
FROM s CROSS JOIN generate_series(1, 3) u
UNION ALL
SELECT pg_temp.uid('user', k), NULL, e, 'ADMIN', :'t_now'::timestamp - interval '400 days', :'t_now'::timestamp - interval '2 days'
FROM (VALUES (1, 'admin@salondesk-demo.app'), (2, 'jürgen.müller@grüße-salon.de'), (3, 'support+ops@salondesk-demo.app')) v(k, e);
\endif

-- ---------------------------------------------------------------------------------------------
DROP TABLE thr, aic, cust, s, phrase, phrase_src, lang, archetype, tpl_body;
-- Flush this session's table counters first, so that VACUUM leaves n_live_tup exact.
SELECT pg_stat_force_next_flush() \g /dev/null
VACUUM (ANALYZE);
