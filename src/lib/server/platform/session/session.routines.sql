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
