-- src/lib/server/modules/messaging/messaging.routines.sql
-- Appending one message, in one statement: what every send, group copy, automatic reply and system
-- message does (messaging.usecases.ts validates, authorises and calls it; see appendMessage there).
-- Under the conversation's row lock: the rate-limit use (when a key is given), the idempotent insert
-- (same id again = 'duplicate', the stored message; the id used elsewhere = 'conflict'), the next
-- sequence number, the conversation's wait, the author's read mark (or the youth's, for automatic
-- replies they see at once), the youth's last contact (when asked), and the message's realtime
-- events ('message' on the conversation, 'unread' to the other participants who already read or
-- wrote in it, 'inbox' to the structure's staff), published last (realtime_publish).
-- The conversation is found by id, or by youth when p_conversation_id is null; with p_check_scope
-- it must belong to p_scope_structure and, when given, to p_scope_youth — otherwise 'not_found',
-- like an unknown id (canUseConversation as two values, see conversationScopeOf).
create or replace function messaging_append(
	p_conversation_id uuid,
	p_youth_id uuid,
	p_check_scope boolean,
	p_scope_structure uuid,
	p_scope_youth uuid,
	p_message_id uuid,
	p_author_id uuid,
	p_author_role text,
	p_body text,
	p_now timestamptz,
	p_attachment jsonb,
	p_read_by_youth boolean,
	p_record_contact boolean,
	p_rate_key text,
	p_rate_policy jsonb
) returns table (
	status text,
	retry_after integer,
	m_id uuid,
	m_conversation_id uuid,
	m_seq integer,
	m_author_id uuid,
	m_author_role text,
	m_body text,
	m_created_at timestamptz,
	c_youth_id uuid,
	c_structure_id uuid,
	-- The events published ('created' only), with their ids: the caller hands them to its hub.
	e_ids bigint[],
	e_events jsonb
)
language plpgsql as $$
declare
	c conversations%rowtype;
	m messages%rowtype;
	v_wait integer;
	v_reader uuid;
	v_events jsonb;
	v_ids bigint[];
begin
	if p_rate_key is not null then
		v_wait := rate_limit_consume(
			p_rate_key,
			(p_rate_policy ->> 'freeFailures')::integer,
			(p_rate_policy ->> 'baseLockSeconds')::integer,
			(p_rate_policy ->> 'maxLockSeconds')::integer,
			(p_rate_policy ->> 'windowSeconds')::integer,
			p_now
		);
		if v_wait > 0 then
			return query select 'rate_limited'::text, v_wait, null::uuid, null::uuid, null::integer, null::uuid, null::text, null::text, null::timestamptz, null::uuid, null::uuid, null::bigint[], null::jsonb;
			return;
		end if;
	end if;

	if p_conversation_id is not null then
		select * into c from conversations where conversations.id = p_conversation_id for update;
	else
		select * into c from conversations where conversations.youth_id = p_youth_id for update;
	end if;
	if not found or (p_check_scope and not (
		c.structure_id is not distinct from p_scope_structure and (p_scope_youth is null or c.youth_id = p_scope_youth)
	)) then
		return query select 'not_found'::text, 0, null::uuid, null::uuid, null::integer, null::uuid, null::text, null::text, null::timestamptz, null::uuid, null::uuid, null::bigint[], null::jsonb;
		return;
	end if;

	insert into messages (id, conversation_id, seq, author_id, author_role, body, created_at)
	values (p_message_id, c.id, c.next_seq + 1, p_author_id, p_author_role, p_body, p_now)
	on conflict (id) do nothing
	returning * into m;
	if not found then
		select * into m from messages where messages.id = p_message_id;
		if m.conversation_id = c.id and m.author_id is not distinct from p_author_id
			and (m.author_role = 'system') = (p_author_role = 'system') then
			return query select 'duplicate'::text, 0, m.id, m.conversation_id, m.seq, m.author_id, m.author_role, m.body, m.created_at, c.youth_id, c.structure_id, null::bigint[], null::jsonb;
		else
			return query select 'conflict'::text, 0, null::uuid, null::uuid, null::integer, null::uuid, null::text, null::text, null::timestamptz, null::uuid, null::uuid, null::bigint[], null::jsonb;
		end if;
		return;
	end if;

	update conversations set
		next_seq = m.seq,
		last_message_at = p_now,
		-- The youth waits from their first unanswered message; any staff answer ends the wait.
		waiting_since = case p_author_role
			when 'youth' then coalesce(conversations.waiting_since, p_now)
			when 'staff' then null
			else conversations.waiting_since
		end
	where conversations.id = c.id;

	-- Writing a message means having read the conversation up to it.
	v_reader := case when p_author_id is not null then p_author_id when p_read_by_youth then c.youth_id end;
	if v_reader is not null then
		insert into conversation_reads as r (conversation_id, user_id, last_read_seq, read_at)
		values (c.id, v_reader, m.seq, p_now)
		on conflict (conversation_id, user_id) do update set
			last_read_seq = greatest(r.last_read_seq, excluded.last_read_seq),
			read_at = p_now;
	end if;

	-- A message written by the youth or the staff is a contact (follow-up: "à recontacter").
	if p_record_contact then
		update youth_profiles set last_contact_at = p_now, last_contact_channel = 'message'
		where youth_profiles.user_id = c.youth_id
			and (youth_profiles.last_contact_at is null or youth_profiles.last_contact_at <= p_now);
	end if;

	-- Stream names as in messaging.streams.ts (tests read the events through those helpers).
	select jsonb_build_array(jsonb_build_object(
		'stream', 'conversation:' || c.id,
		'type', 'message',
		'payload', jsonb_build_object(
			'id', m.id,
			'conversationId', m.conversation_id,
			'seq', m.seq,
			'authorId', m.author_id,
			'authorRole', m.author_role,
			'body', m.body,
			'createdAt', to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
			-- Metadata only: the bytes are fetched from the attachment's URL by participants.
			'attachment', coalesce(p_attachment, 'null'::jsonb)
		)
	))
	|| coalesce((
		select jsonb_agg(jsonb_build_object(
			'stream', 'user:' || p.user_id,
			'type', 'unread',
			'payload', jsonb_build_object('conversationId', c.id, 'seq', m.seq)
		) order by p.user_id)
		from (
			select c.youth_id as user_id
			union
			select conversation_reads.user_id from conversation_reads where conversation_reads.conversation_id = c.id
		) p
		where p.user_id is distinct from p_author_id
	), '[]'::jsonb)
	|| jsonb_build_array(jsonb_build_object(
		'stream', 'structure:' || c.structure_id,
		'type', 'inbox',
		'payload', jsonb_build_object('conversationId', c.id, 'seq', m.seq, 'authorRole', m.author_role)
	))
	into v_events;
	select array_agg(published order by published) into v_ids from realtime_publish(v_events) as published;

	return query select 'created'::text, 0, m.id, m.conversation_id, m.seq, m.author_id, m.author_role, m.body, m.created_at, c.youth_id, c.structure_id, v_ids, v_events;
end;
$$;
--> statement-breakpoint
-- src/lib/server/platform/rate-limit/rate-limit.routines.sql
-- The one place where the rate-limit formula lives. `rate_limit_count` counts one failure (or one
-- use) on `p_key` in the current window (a new window after `p_window_seconds`) and, beyond
-- `p_free`, locks the key for `p_base_lock_seconds` × 2^(count beyond `p_free` − 1), at most
-- `p_max_lock_seconds`. While the key is locked:
--   - `p_count_while_locked` true (`hit` in rate-limit.ts: failed sign-ins, wrong codes): the
--     failure still counts and the lock grows;
--   - false (`consume`: sends, uploads): the try is refused and not counted; the function returns
--     the seconds to wait (≥ 1).
-- Returns 0 when counted.
create or replace function rate_limit_count(
	p_key text,
	p_free integer,
	p_base_lock_seconds integer,
	p_max_lock_seconds integer,
	p_window_seconds integer,
	p_now timestamptz,
	p_count_while_locked boolean
) returns integer
language plpgsql as $$
declare
	v_uses integer;
	v_locked_until timestamptz;
	v_window_start timestamptz := p_now - make_interval(secs => p_window_seconds);
begin
	insert into rate_limit_buckets as b (key, failures, window_started_at)
	values (p_key, 1, p_now)
	on conflict (key) do update set
		failures = case when b.window_started_at < v_window_start then 1 else b.failures + 1 end,
		window_started_at = case when b.window_started_at < v_window_start then p_now else b.window_started_at end
	where p_count_while_locked or b.locked_until is null or b.locked_until <= p_now
	returning b.failures into v_uses;
	if not found then
		select locked_until into v_locked_until from rate_limit_buckets where key = p_key;
		return greatest(1, ceil(extract(epoch from (v_locked_until - p_now)))::integer);
	end if;
	if v_uses > p_free then
		update rate_limit_buckets
		set locked_until = p_now + make_interval(secs => least(p_max_lock_seconds::double precision, p_base_lock_seconds * 2 ^ (v_uses - p_free - 1)))
		where key = p_key;
	end if;
	return 0;
end;
$$;
--> statement-breakpoint
-- One use of a rate-limited action, in one statement (`consume` in rate-limit.ts, and
-- messaging_append): refused while the key is locked, then not counted.
create or replace function rate_limit_consume(
	p_key text,
	p_free integer,
	p_base_lock_seconds integer,
	p_max_lock_seconds integer,
	p_window_seconds integer,
	p_now timestamptz
) returns integer
language sql as $$
	select rate_limit_count(p_key, p_free, p_base_lock_seconds, p_max_lock_seconds, p_window_seconds, p_now, false);
$$;
--> statement-breakpoint
-- src/lib/server/platform/realtime/realtime.routines.sql
-- Publishing realtime events in one statement (see realtime.ts for the contract): takes the
-- publishers' advisory lock (held until the caller's transaction ends, so ids commit in order),
-- inserts the events in the given order and queues the wake-up hint (delivered at commit).
-- `p_events`: a JSON array of {"stream", "type", "payload"}, checked by the caller. Returns the ids.
create or replace function realtime_publish(p_events jsonb) returns setof bigint
language plpgsql as $$
declare
	v_ids bigint[];
begin
	if jsonb_array_length(p_events) = 0 then
		return;
	end if;
	-- 1920234870 = 0x72746576 ('rtev'), PUBLISH_LOCK_KEY in realtime.ts.
	perform pg_advisory_xact_lock(1920234870);
	with inserted as (
		insert into realtime_events (stream, type, payload)
		select e.value ->> 'stream', e.value ->> 'type', coalesce(e.value -> 'payload', '{}'::jsonb)
		from jsonb_array_elements(p_events) with ordinality as e(value, position)
		order by e.position
		returning id
	)
	select array_agg(id order by id) into v_ids from inserted;
	perform pg_notify('realtime', v_ids[array_upper(v_ids, 1)]::text);
	return query select unnest(v_ids);
end;
$$;
--> statement-breakpoint
-- src/lib/server/platform/session/session.routines.sql
-- The session behind a cookie (its token's SHA-256 `p_id`), with what the request needs of its
-- person, unless expired (see `validate` in session.ts, which refuses disabled accounts and slides
-- the expiry). Every signed-in request runs it: as a PL/pgSQL function its plan is made once per
-- connection (PGlite plans every plain query again: ≈ 0.7 ms for this join).
-- Reads `users` and `structures` (accounts and structures modules), as the session store always did.
create or replace function session_validate(p_id text, p_now timestamptz) returns table (
	s_user_id uuid,
	s_method text,
	s_mfa_satisfied boolean,
	s_created_at timestamptz,
	s_last_seen_at timestamptz,
	s_expires_at timestamptz,
	u_role text,
	u_structure_id uuid,
	u_network_id uuid,
	u_company_id uuid,
	u_first_name text,
	u_last_name text,
	u_email text,
	u_disabled_at timestamptz,
	structure_network_id uuid
)
language plpgsql stable as $$
begin
	return query
	select s.user_id, s.method, s.mfa_satisfied, s.created_at, s.last_seen_at, s.expires_at,
		u.role, u.structure_id, u.network_id, u.company_id, u.first_name, u.last_name, u.email, u.disabled_at,
		st.network_id
	from sessions s
	join users u on u.id = s.user_id
	left join structures st on st.id = u.structure_id
	where s.id = p_id and s.expires_at > p_now
	limit 1;
end;
$$;
