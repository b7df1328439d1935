-- One use of a rate-limited action, in one statement (see `consume` in rate-limit.ts): refused
-- (returns the seconds to wait, ≥ 1) while the key is locked, and then not counted; otherwise
-- counted in the current window (a new window after `p_window_seconds`), the key locked for
-- `p_base_lock_seconds` × 2^(uses beyond `p_free` − 1), at most `p_max_lock_seconds`; returns 0.
create or replace function rate_limit_consume(
	p_key text,
	p_free integer,
	p_base_lock_seconds integer,
	p_max_lock_seconds integer,
	p_window_seconds integer,
	p_now timestamptz
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
	where b.locked_until is null or b.locked_until <= p_now
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
