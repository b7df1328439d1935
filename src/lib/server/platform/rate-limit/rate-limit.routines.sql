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
