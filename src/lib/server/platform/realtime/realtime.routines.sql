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
