CREATE TABLE "companies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"network_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "networks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"region_code" text,
	"department_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"structure_id" uuid NOT NULL,
	"name" text NOT NULL,
	"address_line" text NOT NULL,
	"postal_code" text NOT NULL,
	"commune_code" text NOT NULL,
	"city" text NOT NULL,
	"phone" text,
	"opening_hours" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "structure_closures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"structure_id" uuid NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "closure_ends_after_it_starts" CHECK ("structure_closures"."ends_on" >= "structure_closures"."starts_on"),
	CONSTRAINT "closure_lasts_at_most_90_days" CHECK ("structure_closures"."ends_on" - "structure_closures"."starts_on" < 90),
	CONSTRAINT "closure_reason_is_short" CHECK (char_length("structure_closures"."reason") <= 120)
);
--> statement-breakpoint
CREATE TABLE "structure_communes" (
	"commune_code" text NOT NULL,
	"structure_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "a_commune_is_covered_once" PRIMARY KEY("commune_code")
);
--> statement-breakpoint
CREATE TABLE "structures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"network_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"department_code" text,
	"email" text,
	"phone" text,
	"website" text,
	"recontact_after_days" integer DEFAULT 30 NOT NULL,
	"video_fallback_url" text,
	"video_fallback_phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "recontact_after_days_is_sensible" CHECK ("structures"."recontact_after_days" between 1 and 365)
);
--> statement-breakpoint
CREATE TABLE "referent_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"youth_id" uuid NOT NULL,
	"counselor_id" uuid NOT NULL,
	"assigned_by_id" uuid,
	"reason" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"role" text NOT NULL,
	"email" text,
	"email_verified_at" timestamp with time zone,
	"phone" text,
	"first_name" text NOT NULL,
	"last_name" text DEFAULT '' NOT NULL,
	"structure_id" uuid,
	"site_id" uuid,
	"network_id" uuid,
	"company_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_sign_in_at" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	CONSTRAINT "role_has_its_scope" CHECK ((
				("users"."role" in ('youth', 'counselor', 'structure_manager') and "users"."structure_id" is not null and "users"."network_id" is null and "users"."company_id" is null)
				or ("users"."role" = 'network_referent' and "users"."network_id" is not null and "users"."structure_id" is null and "users"."company_id" is null)
				or ("users"."role" in ('mentor', 'company_contact') and "users"."company_id" is not null and "users"."structure_id" is null and "users"."network_id" is null)
				or ("users"."role" = 'platform_admin' and "users"."structure_id" is null and "users"."network_id" is null and "users"."company_id" is null)
			)),
	CONSTRAINT "email_is_lowercase" CHECK ("users"."email" = lower("users"."email"))
);
--> statement-breakpoint
CREATE TABLE "youth_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"structure_id" uuid NOT NULL,
	"referent_id" uuid,
	"birth_date" date,
	"commune_code" text,
	"followed_since" timestamp with time zone DEFAULT now() NOT NULL,
	"last_activity_at" timestamp with time zone,
	"last_contact_at" timestamp with time zone,
	"last_contact_channel" text,
	"situation" text,
	"situation_since" date
);
--> statement-breakpoint
CREATE TABLE "activation_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code_hash" text NOT NULL,
	"structure_id" uuid NOT NULL,
	"counselor_id" uuid NOT NULL,
	"youth_first_name" text NOT NULL,
	"youth_last_name" text DEFAULT '' NOT NULL,
	"youth_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "staff_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text DEFAULT '' NOT NULL,
	"role" text NOT NULL,
	"structure_id" uuid,
	"site_id" uuid,
	"network_id" uuid,
	"invited_by_id" uuid,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "password_credentials" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"hash" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verification_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"channel" text NOT NULL,
	"destination" text NOT NULL,
	"secret_hash" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "passkeys" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"public_key" "bytea" NOT NULL,
	"counter" bigint DEFAULT 0 NOT NULL,
	"transports" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"device_type" text NOT NULL,
	"backed_up" boolean DEFAULT false NOT NULL,
	"label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "webauthn_challenges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"challenge" text NOT NULL,
	"purpose" text NOT NULL,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mfa_recovery_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "totp_credentials" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"secret" text NOT NULL,
	"confirmed_at" timestamp with time zone,
	"pending_secret" text,
	"last_used_step" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"method" text NOT NULL,
	"mfa_satisfied" boolean DEFAULT true NOT NULL,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limit_buckets" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"window_started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outbox_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"text" text NOT NULL,
	"html" text,
	"attachments" jsonb,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "push_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"session_id" text NOT NULL,
	"endpoint" text NOT NULL,
	"p256dh" text NOT NULL,
	"auth" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_sent_at" timestamp with time zone,
	"failures" smallint DEFAULT 0 NOT NULL,
	CONSTRAINT "push_subscriptions_endpoint_unique" UNIQUE("endpoint")
);
--> statement-breakpoint
CREATE TABLE "push_vapid_keys" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"public_key" text NOT NULL,
	"private_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "push_vapid_keys_one_row" CHECK ("push_vapid_keys"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 5 NOT NULL,
	"locked_at" timestamp with time zone,
	"locked_by" text,
	"last_error" text,
	"done_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"structure_id" uuid,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "learning_answers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"attempt_id" uuid NOT NULL,
	"step_id" text NOT NULL,
	"response" jsonb NOT NULL,
	"correct" boolean NOT NULL,
	"answered_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "learning_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"module_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"user_id" uuid,
	"guest_id" uuid,
	"kind" text DEFAULT 'module' NOT NULL,
	"plan" jsonb NOT NULL,
	"question_count" integer NOT NULL,
	"answered_count" integer DEFAULT 0 NOT NULL,
	"correct_count" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "learning_attempt_has_one_learner" CHECK (("learning_attempts"."user_id" is null) <> ("learning_attempts"."guest_id" is null)),
	CONSTRAINT "learning_attempt_kind_is_known" CHECK ("learning_attempts"."kind" in ('module', 'review'))
);
--> statement-breakpoint
CREATE TABLE "learning_module_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"module_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"content" jsonb NOT NULL,
	"question_count" integer NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" uuid
);
--> statement-breakpoint
CREATE TABLE "learning_modules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"owner_structure_id" uuid,
	"owner_network_id" uuid,
	"author_id" uuid,
	"scope" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"draft" jsonb NOT NULL,
	"published_version_id" uuid,
	"source_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "learning_module_scope_is_known" CHECK ("learning_modules"."scope" in ('structure', 'network', 'everyone')),
	CONSTRAINT "learning_module_status_is_known" CHECK ("learning_modules"."status" in ('draft', 'published', 'archived'))
);
--> statement-breakpoint
CREATE TABLE "realtime_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"stream" text NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversation_reads" (
	"conversation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"last_read_seq" integer DEFAULT 0 NOT NULL,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "one_read_mark_per_participant" PRIMARY KEY("conversation_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"youth_id" uuid NOT NULL,
	"structure_id" uuid NOT NULL,
	"next_seq" integer DEFAULT 0 NOT NULL,
	"last_message_at" timestamp with time zone,
	"waiting_since" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "next_seq_is_not_negative" CHECK ("conversations"."next_seq" >= 0)
);
--> statement-breakpoint
CREATE TABLE "message_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"message_id" uuid NOT NULL,
	"uploader_id" uuid,
	"kind" text NOT NULL,
	"content_type" text NOT NULL,
	"byte_size" integer NOT NULL,
	"file_name" text NOT NULL,
	"width" integer,
	"height" integer,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attachment_size_is_positive" CHECK ("message_attachments"."byte_size" > 0 and "message_attachments"."byte_size" = octet_length("message_attachments"."data")),
	CONSTRAINT "attachment_content_type" CHECK ("message_attachments"."content_type" in ('image/jpeg', 'image/webp', 'application/pdf'))
);
--> statement-breakpoint
CREATE TABLE "message_digests" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"last_sent_at" timestamp with time zone,
	"covered_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "message_pushes" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"pushed_until" timestamp with time zone NOT NULL,
	"last_sent_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"conversation_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"author_id" uuid,
	"author_role" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_seq_is_positive" CHECK ("messages"."seq" > 0),
	CONSTRAINT "message_body_length" CHECK (char_length("messages"."body") between 0 and 4000)
);
--> statement-breakpoint
CREATE TABLE "contact_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"structure_id" uuid NOT NULL,
	"first_name" text NOT NULL,
	"phone" text,
	"email" text,
	"commune_code" text NOT NULL,
	"commune_name" text NOT NULL,
	"postal_code" text,
	"message" text DEFAULT '' NOT NULL,
	"preferred_time" text,
	"status" text DEFAULT 'new' NOT NULL,
	"assigned_to" uuid,
	"close_reason" text,
	"close_note" text,
	"activation_code_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"contacted_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "contact_request_has_phone_or_email" CHECK ("contact_requests"."phone" is not null or "contact_requests"."email" is not null),
	CONSTRAINT "contact_request_status_is_known" CHECK ("contact_requests"."status" in ('new', 'assigned', 'contacted', 'converted', 'closed')),
	CONSTRAINT "contact_request_message_is_short" CHECK (char_length("contact_requests"."message") <= 1000),
	CONSTRAINT "contact_request_closed_has_reason" CHECK ("contact_requests"."status" <> 'closed' or "contact_requests"."close_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "journal_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"youth_id" uuid NOT NULL,
	"written_in_structure_id" uuid NOT NULL,
	"author_id" uuid,
	"kind" text NOT NULL,
	"occurred_on" date NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone,
	CONSTRAINT "journal_body_length" CHECK (char_length("journal_entries"."body") between 1 and 5000)
);
--> statement-breakpoint
CREATE TABLE "pathway_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"youth_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"detail" text,
	"mode" text NOT NULL,
	"target_date" date,
	"status" text DEFAULT 'todo' NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone,
	CONSTRAINT "pathway_step_title_length" CHECK (char_length("pathway_steps"."title") between 1 and 120),
	CONSTRAINT "pathway_step_detail_length" CHECK ("pathway_steps"."detail" is null or char_length("pathway_steps"."detail") <= 1000)
);
--> statement-breakpoint
CREATE TABLE "calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"youth_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"structure_id" uuid NOT NULL,
	"appointment_id" uuid,
	"mode" text DEFAULT 'video' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"youth_joined_at" timestamp with time zone,
	"staff_joined_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"ended_by" uuid,
	CONSTRAINT "call_mode_is_known" CHECK ("calls"."mode" in ('video', 'audio')),
	CONSTRAINT "call_has_two_people" CHECK ("calls"."youth_id" <> "calls"."staff_id")
);
--> statement-breakpoint
CREATE TABLE "appointment_slots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"structure_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"mode" text NOT NULL,
	"site_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "slot_ends_after_start" CHECK ("appointment_slots"."ends_at" > "appointment_slots"."starts_at"),
	CONSTRAINT "slot_lasts_at_most_four_hours" CHECK ("appointment_slots"."ends_at" <= "appointment_slots"."starts_at" + interval '4 hours'),
	CONSTRAINT "slot_mode_is_known" CHECK ("appointment_slots"."mode" in ('in_person', 'phone', 'video')),
	CONSTRAINT "slot_in_person_has_site" CHECK (("appointment_slots"."mode" = 'in_person') = ("appointment_slots"."site_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "appointments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"structure_id" uuid NOT NULL,
	"youth_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"slot_id" uuid,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"mode" text NOT NULL,
	"site_id" uuid,
	"booked_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"previous_id" uuid,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" uuid,
	"cancel_reason" text,
	"sequence" integer DEFAULT 0 NOT NULL,
	"reminder_sent_at" timestamp with time zone,
	"attendance" text,
	"attendance_marked_at" timestamp with time zone,
	"attendance_marked_by" uuid,
	CONSTRAINT "appointment_ends_after_start" CHECK ("appointments"."ends_at" > "appointments"."starts_at"),
	CONSTRAINT "appointment_mode_is_known" CHECK ("appointments"."mode" in ('in_person', 'phone', 'video')),
	CONSTRAINT "appointment_attendance_is_known" CHECK ("appointments"."attendance" is null or "appointments"."attendance" in ('present', 'excused', 'absent')),
	CONSTRAINT "appointment_cancel_reason_is_short" CHECK (char_length("appointments"."cancel_reason") <= 500),
	CONSTRAINT "appointment_cancelled_has_no_attendance" CHECK ("appointments"."cancelled_at" is null or "appointments"."attendance" is null)
);
--> statement-breakpoint
CREATE TABLE "cv_comments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cv_id" uuid NOT NULL,
	"author_id" uuid,
	"author_name" text NOT NULL,
	"section" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "cv_comment_body_length" CHECK (char_length("cv_comments"."body") between 1 and 1000)
);
--> statement-breakpoint
CREATE TABLE "cv_operations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cv_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"field" text,
	"message" text,
	"revision" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cv_photos" (
	"cv_id" uuid PRIMARY KEY NOT NULL,
	"bytes" "bytea" NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cv_share_links" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cv_id" uuid NOT NULL,
	"token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"view_count" integer DEFAULT 0 NOT NULL,
	"last_viewed_at" timestamp with time zone,
	CONSTRAINT "cv_share_link_expires_after_creation" CHECK ("cv_share_links"."expires_at" > "cv_share_links"."created_at"),
	CONSTRAINT "cv_share_link_view_count_is_not_negative" CHECK ("cv_share_links"."view_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "cv_staff_shares" (
	"cv_id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cvs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"youth_id" uuid NOT NULL,
	"name" text NOT NULL,
	"template" text DEFAULT 'clair' NOT NULL,
	"draft" jsonb NOT NULL,
	"removed_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cv_name_length" CHECK (char_length("cvs"."name") between 1 and 60),
	CONSTRAINT "cv_revision_is_not_negative" CHECK ("cvs"."revision" >= 0)
);
--> statement-breakpoint
CREATE TABLE "badge_credentials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"youth_id" uuid NOT NULL,
	"structure_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"ref" text NOT NULL,
	"name" text NOT NULL,
	"credential" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"revocation_reason" text,
	CONSTRAINT "badge_ref_length" CHECK (char_length("badge_credentials"."ref") between 1 and 200),
	CONSTRAINT "badge_revocation_reason" CHECK (("badge_credentials"."revoked_at" is null) = ("badge_credentials"."revocation_reason" is null))
);
--> statement-breakpoint
CREATE TABLE "badge_keys" (
	"structure_id" uuid PRIMARY KEY NOT NULL,
	"public_key_multibase" text NOT NULL,
	"private_key_pkcs8" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "diagnostic_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"guest_id" uuid,
	"content_version" integer NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"results" jsonb,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "diagnostic_attempt_has_one_owner" CHECK (("diagnostic_attempts"."user_id" is null) <> ("diagnostic_attempts"."guest_id" is null))
);
--> statement-breakpoint
CREATE TABLE "soft_skill_confirmations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"youth_skill_id" uuid NOT NULL,
	"youth_id" uuid NOT NULL,
	"token" text,
	"invitee" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"confirmer_name" text,
	"confirmer_role" text,
	"statement" text,
	"confirmer_user_id" uuid,
	CONSTRAINT "soft_skill_confirmation_status_is_known" CHECK ("soft_skill_confirmations"."status" in ('pending', 'confirmed', 'declined')),
	CONSTRAINT "soft_skill_confirmation_statement_length" CHECK ("soft_skill_confirmations"."statement" is null or char_length("soft_skill_confirmations"."statement") <= 500)
);
--> statement-breakpoint
CREATE TABLE "soft_skill_experiences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"youth_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "soft_skill_experience_description_length" CHECK (char_length("soft_skill_experiences"."description") between 3 and 600)
);
--> statement-breakpoint
CREATE TABLE "soft_skill_referentials" (
	"number" integer PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"content" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	CONSTRAINT "soft_skill_referential_status_is_known" CHECK ("soft_skill_referentials"."status" in ('draft', 'published', 'archived'))
);
--> statement-breakpoint
CREATE TABLE "youth_soft_skills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"youth_id" uuid NOT NULL,
	"skill_id" text NOT NULL,
	"source" text NOT NULL,
	"experience_id" uuid,
	"proof" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "youth_soft_skill_proof_length" CHECK ("youth_soft_skills"."proof" is null or char_length("youth_soft_skills"."proof") between 1 and 400)
);
--> statement-breakpoint
CREATE TABLE "workshop_answers" (
	"workshop_id" uuid NOT NULL,
	"player_id" uuid NOT NULL,
	"question_index" integer NOT NULL,
	"response" jsonb NOT NULL,
	"correct" boolean NOT NULL,
	"verdict" text,
	"points" integer NOT NULL,
	"elapsed_ms" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workshop_answer_once_per_question" PRIMARY KEY("player_id","question_index"),
	CONSTRAINT "workshop_answer_points_in_range" CHECK ("workshop_answers"."points" between 0 and 1000)
);
--> statement-breakpoint
CREATE TABLE "workshop_invitations" (
	"workshop_id" uuid NOT NULL,
	"youth_id" uuid NOT NULL,
	"invited_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workshop_invitation_once_per_youth" PRIMARY KEY("workshop_id","youth_id")
);
--> statement-breakpoint
CREATE TABLE "workshop_players" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workshop_id" uuid NOT NULL,
	"youth_id" uuid,
	"nickname" text NOT NULL,
	"secret_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "workshop_player_nickname_length" CHECK (char_length("workshop_players"."nickname") between 1 and 40)
);
--> statement-breakpoint
CREATE TABLE "workshops" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"structure_id" uuid NOT NULL,
	"created_by" uuid,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer DEFAULT 60 NOT NULL,
	"mode" text DEFAULT 'on_site' NOT NULL,
	"site_id" uuid,
	"remote_info" text,
	"capacity" integer DEFAULT 30 NOT NULL,
	"timer_seconds" integer,
	"questions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"phase" text DEFAULT 'scheduled' NOT NULL,
	"current_index" integer DEFAULT -1 NOT NULL,
	"question_started_at" timestamp with time zone,
	"deadline_at" timestamp with time zone,
	"paused_remaining_ms" integer,
	"paused_at" timestamp with time zone,
	"leaderboard_hidden" boolean DEFAULT false NOT NULL,
	"state_version" integer DEFAULT 0 NOT NULL,
	"join_code" text,
	"opened_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"replay_slug" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workshop_mode_is_known" CHECK ("workshops"."mode" in ('on_site', 'remote', 'mixed')),
	CONSTRAINT "workshop_phase_is_known" CHECK ("workshops"."phase" in ('scheduled', 'lobby', 'question', 'reveal', 'leaderboard', 'ended')),
	CONSTRAINT "workshop_capacity_in_range" CHECK ("workshops"."capacity" between 1 and 500),
	CONSTRAINT "workshop_timer_in_range" CHECK ("workshops"."timer_seconds" is null or "workshops"."timer_seconds" between 5 and 600),
	CONSTRAINT "workshop_duration_in_range" CHECK ("workshops"."duration_minutes" between 5 and 600),
	CONSTRAINT "workshop_join_code_is_six_digits" CHECK ("workshops"."join_code" is null or "workshops"."join_code" ~ '^[0-9]{6}$')
);
--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_structure_id_structures_id_fk" FOREIGN KEY ("structure_id") REFERENCES "public"."structures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "structure_closures" ADD CONSTRAINT "structure_closures_structure_id_structures_id_fk" FOREIGN KEY ("structure_id") REFERENCES "public"."structures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "structure_communes" ADD CONSTRAINT "structure_communes_structure_id_structures_id_fk" FOREIGN KEY ("structure_id") REFERENCES "public"."structures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "structures" ADD CONSTRAINT "structures_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referent_assignments" ADD CONSTRAINT "referent_assignments_youth_id_users_id_fk" FOREIGN KEY ("youth_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referent_assignments" ADD CONSTRAINT "referent_assignments_counselor_id_users_id_fk" FOREIGN KEY ("counselor_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referent_assignments" ADD CONSTRAINT "referent_assignments_assigned_by_id_users_id_fk" FOREIGN KEY ("assigned_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_structure_id_structures_id_fk" FOREIGN KEY ("structure_id") REFERENCES "public"."structures"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "youth_profiles" ADD CONSTRAINT "youth_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "youth_profiles" ADD CONSTRAINT "youth_profiles_structure_id_structures_id_fk" FOREIGN KEY ("structure_id") REFERENCES "public"."structures"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "youth_profiles" ADD CONSTRAINT "youth_profiles_referent_id_users_id_fk" FOREIGN KEY ("referent_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activation_codes" ADD CONSTRAINT "activation_codes_structure_id_structures_id_fk" FOREIGN KEY ("structure_id") REFERENCES "public"."structures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activation_codes" ADD CONSTRAINT "activation_codes_counselor_id_users_id_fk" FOREIGN KEY ("counselor_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activation_codes" ADD CONSTRAINT "activation_codes_youth_user_id_users_id_fk" FOREIGN KEY ("youth_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_invitations" ADD CONSTRAINT "staff_invitations_structure_id_structures_id_fk" FOREIGN KEY ("structure_id") REFERENCES "public"."structures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_invitations" ADD CONSTRAINT "staff_invitations_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_invitations" ADD CONSTRAINT "staff_invitations_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_invitations" ADD CONSTRAINT "staff_invitations_invited_by_id_users_id_fk" FOREIGN KEY ("invited_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "password_credentials" ADD CONSTRAINT "password_credentials_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_codes" ADD CONSTRAINT "verification_codes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passkeys" ADD CONSTRAINT "passkeys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webauthn_challenges" ADD CONSTRAINT "webauthn_challenges_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mfa_recovery_codes" ADD CONSTRAINT "mfa_recovery_codes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "totp_credentials" ADD CONSTRAINT "totp_credentials_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "push_subscriptions" ADD CONSTRAINT "push_subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "push_subscriptions" ADD CONSTRAINT "push_subscriptions_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_answers" ADD CONSTRAINT "learning_answers_attempt_id_learning_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."learning_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_attempts" ADD CONSTRAINT "learning_attempts_module_id_learning_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."learning_modules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_attempts" ADD CONSTRAINT "learning_attempts_version_id_learning_module_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."learning_module_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_attempts" ADD CONSTRAINT "learning_attempts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_module_versions" ADD CONSTRAINT "learning_module_versions_module_id_learning_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."learning_modules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_module_versions" ADD CONSTRAINT "learning_module_versions_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_modules" ADD CONSTRAINT "learning_modules_owner_structure_id_structures_id_fk" FOREIGN KEY ("owner_structure_id") REFERENCES "public"."structures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_modules" ADD CONSTRAINT "learning_modules_owner_network_id_networks_id_fk" FOREIGN KEY ("owner_network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_modules" ADD CONSTRAINT "learning_modules_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_reads" ADD CONSTRAINT "conversation_reads_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_reads" ADD CONSTRAINT "conversation_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_youth_id_users_id_fk" FOREIGN KEY ("youth_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_structure_id_structures_id_fk" FOREIGN KEY ("structure_id") REFERENCES "public"."structures"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_attachments" ADD CONSTRAINT "message_attachments_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_attachments" ADD CONSTRAINT "message_attachments_uploader_id_users_id_fk" FOREIGN KEY ("uploader_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_digests" ADD CONSTRAINT "message_digests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_pushes" ADD CONSTRAINT "message_pushes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_requests" ADD CONSTRAINT "contact_requests_structure_id_structures_id_fk" FOREIGN KEY ("structure_id") REFERENCES "public"."structures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_requests" ADD CONSTRAINT "contact_requests_assigned_to_users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entries" ADD CONSTRAINT "journal_entries_youth_id_users_id_fk" FOREIGN KEY ("youth_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entries" ADD CONSTRAINT "journal_entries_written_in_structure_id_structures_id_fk" FOREIGN KEY ("written_in_structure_id") REFERENCES "public"."structures"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entries" ADD CONSTRAINT "journal_entries_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_steps" ADD CONSTRAINT "pathway_steps_youth_id_users_id_fk" FOREIGN KEY ("youth_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_steps" ADD CONSTRAINT "pathway_steps_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_youth_id_users_id_fk" FOREIGN KEY ("youth_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_staff_id_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_structure_id_structures_id_fk" FOREIGN KEY ("structure_id") REFERENCES "public"."structures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_slots" ADD CONSTRAINT "appointment_slots_structure_id_structures_id_fk" FOREIGN KEY ("structure_id") REFERENCES "public"."structures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_slots" ADD CONSTRAINT "appointment_slots_staff_id_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_slots" ADD CONSTRAINT "appointment_slots_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_slots" ADD CONSTRAINT "appointment_slots_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_structure_id_structures_id_fk" FOREIGN KEY ("structure_id") REFERENCES "public"."structures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_youth_id_users_id_fk" FOREIGN KEY ("youth_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_staff_id_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_slot_id_appointment_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."appointment_slots"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_booked_by_users_id_fk" FOREIGN KEY ("booked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_previous_id_appointments_id_fk" FOREIGN KEY ("previous_id") REFERENCES "public"."appointments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_cancelled_by_users_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_attendance_marked_by_users_id_fk" FOREIGN KEY ("attendance_marked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cv_comments" ADD CONSTRAINT "cv_comments_cv_id_cvs_id_fk" FOREIGN KEY ("cv_id") REFERENCES "public"."cvs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cv_comments" ADD CONSTRAINT "cv_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cv_operations" ADD CONSTRAINT "cv_operations_cv_id_cvs_id_fk" FOREIGN KEY ("cv_id") REFERENCES "public"."cvs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cv_photos" ADD CONSTRAINT "cv_photos_cv_id_cvs_id_fk" FOREIGN KEY ("cv_id") REFERENCES "public"."cvs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cv_share_links" ADD CONSTRAINT "cv_share_links_cv_id_cvs_id_fk" FOREIGN KEY ("cv_id") REFERENCES "public"."cvs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cv_staff_shares" ADD CONSTRAINT "cv_staff_shares_cv_id_cvs_id_fk" FOREIGN KEY ("cv_id") REFERENCES "public"."cvs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cvs" ADD CONSTRAINT "cvs_youth_id_users_id_fk" FOREIGN KEY ("youth_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "badge_credentials" ADD CONSTRAINT "badge_credentials_youth_id_users_id_fk" FOREIGN KEY ("youth_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "badge_credentials" ADD CONSTRAINT "badge_credentials_structure_id_structures_id_fk" FOREIGN KEY ("structure_id") REFERENCES "public"."structures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "badge_credentials" ADD CONSTRAINT "badge_credentials_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "badge_keys" ADD CONSTRAINT "badge_keys_structure_id_structures_id_fk" FOREIGN KEY ("structure_id") REFERENCES "public"."structures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diagnostic_attempts" ADD CONSTRAINT "diagnostic_attempts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "soft_skill_confirmations" ADD CONSTRAINT "soft_skill_confirmations_youth_skill_id_youth_soft_skills_id_fk" FOREIGN KEY ("youth_skill_id") REFERENCES "public"."youth_soft_skills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "soft_skill_confirmations" ADD CONSTRAINT "soft_skill_confirmations_youth_id_users_id_fk" FOREIGN KEY ("youth_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "soft_skill_confirmations" ADD CONSTRAINT "soft_skill_confirmations_confirmer_user_id_users_id_fk" FOREIGN KEY ("confirmer_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "soft_skill_experiences" ADD CONSTRAINT "soft_skill_experiences_youth_id_users_id_fk" FOREIGN KEY ("youth_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "soft_skill_referentials" ADD CONSTRAINT "soft_skill_referentials_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "youth_soft_skills" ADD CONSTRAINT "youth_soft_skills_youth_id_users_id_fk" FOREIGN KEY ("youth_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "youth_soft_skills" ADD CONSTRAINT "youth_soft_skills_experience_id_soft_skill_experiences_id_fk" FOREIGN KEY ("experience_id") REFERENCES "public"."soft_skill_experiences"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_answers" ADD CONSTRAINT "workshop_answers_workshop_id_workshops_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."workshops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_answers" ADD CONSTRAINT "workshop_answers_player_id_workshop_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."workshop_players"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_invitations" ADD CONSTRAINT "workshop_invitations_workshop_id_workshops_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."workshops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_invitations" ADD CONSTRAINT "workshop_invitations_youth_id_users_id_fk" FOREIGN KEY ("youth_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_invitations" ADD CONSTRAINT "workshop_invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_players" ADD CONSTRAINT "workshop_players_workshop_id_workshops_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."workshops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_players" ADD CONSTRAINT "workshop_players_youth_id_users_id_fk" FOREIGN KEY ("youth_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshops" ADD CONSTRAINT "workshops_structure_id_structures_id_fk" FOREIGN KEY ("structure_id") REFERENCES "public"."structures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshops" ADD CONSTRAINT "workshops_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshops" ADD CONSTRAINT "workshops_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "companies_by_network" ON "companies" USING btree ("network_id");--> statement-breakpoint
CREATE UNIQUE INDEX "networks_slug_is_unique" ON "networks" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "sites_by_structure" ON "sites" USING btree ("structure_id");--> statement-breakpoint
CREATE INDEX "structure_closures_by_structure" ON "structure_closures" USING btree ("structure_id","ends_on");--> statement-breakpoint
CREATE INDEX "structure_communes_by_structure" ON "structure_communes" USING btree ("structure_id");--> statement-breakpoint
CREATE UNIQUE INDEX "structures_slug_is_unique" ON "structures" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "structures_by_network" ON "structures" USING btree ("network_id");--> statement-breakpoint
CREATE INDEX "referent_assignments_by_youth" ON "referent_assignments" USING btree ("youth_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "one_current_referent_per_youth" ON "referent_assignments" USING btree ("youth_id") WHERE "referent_assignments"."ended_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_is_unique" ON "users" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "users_phone_is_unique" ON "users" USING btree ("phone");--> statement-breakpoint
CREATE INDEX "users_by_structure" ON "users" USING btree ("structure_id","role");--> statement-breakpoint
CREATE INDEX "users_by_network" ON "users" USING btree ("network_id");--> statement-breakpoint
CREATE INDEX "youth_profiles_by_structure" ON "youth_profiles" USING btree ("structure_id");--> statement-breakpoint
CREATE INDEX "youth_profiles_by_latest_news" ON "youth_profiles" USING btree ("structure_id",coalesce(greatest("last_contact_at", "last_activity_at"), "followed_since"));--> statement-breakpoint
CREATE INDEX "youth_profiles_by_referent" ON "youth_profiles" USING btree ("referent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "activation_code_hash_is_unique" ON "activation_codes" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "activation_codes_by_structure" ON "activation_codes" USING btree ("structure_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_invitation_token_is_unique" ON "staff_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "staff_invitations_by_structure" ON "staff_invitations" USING btree ("structure_id");--> statement-breakpoint
CREATE INDEX "verification_codes_by_user" ON "verification_codes" USING btree ("user_id","purpose");--> statement-breakpoint
CREATE UNIQUE INDEX "verification_secret_is_unique" ON "verification_codes" USING btree ("secret_hash") WHERE "verification_codes"."purpose" <> 'sign_in';--> statement-breakpoint
CREATE INDEX "passkeys_by_user" ON "passkeys" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "mfa_recovery_codes_by_user" ON "mfa_recovery_codes" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "recovery_code_is_unique_per_user" ON "mfa_recovery_codes" USING btree ("user_id","code_hash");--> statement-breakpoint
CREATE INDEX "sessions_by_user" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "outbox_by_date" ON "outbox_messages" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "push_subscriptions_by_user" ON "push_subscriptions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "push_subscriptions_by_session" ON "push_subscriptions" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "jobs_ready" ON "jobs" USING btree ("run_at") WHERE done_at is null;--> statement-breakpoint
CREATE INDEX "audit_by_structure" ON "audit_events" USING btree ("structure_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_by_actor" ON "audit_events" USING btree ("actor_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "learning_answer_once_per_step_and_attempt" ON "learning_answers" USING btree ("attempt_id","step_id");--> statement-breakpoint
CREATE INDEX "learning_answers_by_attempt" ON "learning_answers" USING btree ("attempt_id");--> statement-breakpoint
CREATE INDEX "learning_attempts_by_user" ON "learning_attempts" USING btree ("user_id","module_id");--> statement-breakpoint
CREATE INDEX "learning_attempts_by_guest" ON "learning_attempts" USING btree ("guest_id");--> statement-breakpoint
CREATE UNIQUE INDEX "learning_module_version_number_is_unique" ON "learning_module_versions" USING btree ("module_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "learning_module_slug_is_unique" ON "learning_modules" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "learning_modules_by_owner_structure" ON "learning_modules" USING btree ("owner_structure_id");--> statement-breakpoint
CREATE INDEX "learning_modules_by_owner_network" ON "learning_modules" USING btree ("owner_network_id");--> statement-breakpoint
CREATE INDEX "realtime_events_by_stream" ON "realtime_events" USING btree ("stream","id");--> statement-breakpoint
CREATE INDEX "realtime_events_by_creation" ON "realtime_events" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "one_conversation_per_youth" ON "conversations" USING btree ("youth_id");--> statement-breakpoint
CREATE INDEX "conversations_by_structure" ON "conversations" USING btree ("structure_id","waiting_since");--> statement-breakpoint
CREATE INDEX "conversations_by_last_message" ON "conversations" USING btree ("last_message_at");--> statement-breakpoint
CREATE UNIQUE INDEX "one_attachment_per_message" ON "message_attachments" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "attachments_by_uploader" ON "message_attachments" USING btree ("uploader_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "message_seq_is_unique_per_conversation" ON "messages" USING btree ("conversation_id","seq");--> statement-breakpoint
CREATE INDEX "contact_requests_by_structure" ON "contact_requests" USING btree ("structure_id","status","created_at");--> statement-breakpoint
CREATE INDEX "journal_entries_by_youth" ON "journal_entries" USING btree ("youth_id","occurred_on","created_at");--> statement-breakpoint
CREATE INDEX "pathway_steps_by_youth" ON "pathway_steps" USING btree ("youth_id","position");--> statement-breakpoint
CREATE INDEX "calls_by_pair" ON "calls" USING btree ("youth_id","staff_id","created_at");--> statement-breakpoint
CREATE INDEX "calls_by_appointment" ON "calls" USING btree ("appointment_id");--> statement-breakpoint
CREATE INDEX "calls_by_creation" ON "calls" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "slot_start_is_unique_per_staff" ON "appointment_slots" USING btree ("staff_id","starts_at");--> statement-breakpoint
CREATE INDEX "slots_by_structure_and_time" ON "appointment_slots" USING btree ("structure_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "one_live_appointment_per_slot" ON "appointments" USING btree ("slot_id") WHERE "appointments"."cancelled_at" is null;--> statement-breakpoint
CREATE INDEX "appointments_by_youth" ON "appointments" USING btree ("youth_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointments_by_staff" ON "appointments" USING btree ("staff_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointments_due_for_reminder" ON "appointments" USING btree ("starts_at") WHERE "appointments"."cancelled_at" is null and "appointments"."reminder_sent_at" is null;--> statement-breakpoint
CREATE INDEX "cv_comments_by_cv" ON "cv_comments" USING btree ("cv_id","created_at");--> statement-breakpoint
CREATE INDEX "cv_operations_by_cv" ON "cv_operations" USING btree ("cv_id");--> statement-breakpoint
CREATE INDEX "cv_operations_by_date" ON "cv_operations" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "cv_share_link_token_is_unique" ON "cv_share_links" USING btree ("token");--> statement-breakpoint
CREATE INDEX "cv_share_links_by_cv" ON "cv_share_links" USING btree ("cv_id");--> statement-breakpoint
CREATE INDEX "cvs_by_youth" ON "cvs" USING btree ("youth_id","updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "badge_credentials_one_per_achievement" ON "badge_credentials" USING btree ("youth_id","kind","ref");--> statement-breakpoint
CREATE INDEX "badge_credentials_by_structure" ON "badge_credentials" USING btree ("structure_id","created_at");--> statement-breakpoint
CREATE INDEX "diagnostic_attempts_by_user" ON "diagnostic_attempts" USING btree ("user_id","completed_at");--> statement-breakpoint
CREATE INDEX "diagnostic_attempts_by_guest" ON "diagnostic_attempts" USING btree ("guest_id");--> statement-breakpoint
CREATE UNIQUE INDEX "soft_skill_confirmation_token_is_unique" ON "soft_skill_confirmations" USING btree ("token");--> statement-breakpoint
CREATE INDEX "soft_skill_confirmations_by_skill" ON "soft_skill_confirmations" USING btree ("youth_skill_id");--> statement-breakpoint
CREATE INDEX "soft_skill_confirmations_by_youth" ON "soft_skill_confirmations" USING btree ("youth_id");--> statement-breakpoint
CREATE INDEX "soft_skill_experiences_by_youth" ON "soft_skill_experiences" USING btree ("youth_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "soft_skill_referential_one_draft" ON "soft_skill_referentials" USING btree ("status") WHERE "soft_skill_referentials"."status" in ('draft', 'published');--> statement-breakpoint
CREATE UNIQUE INDEX "youth_soft_skill_once" ON "youth_soft_skills" USING btree ("youth_id","skill_id");--> statement-breakpoint
CREATE INDEX "workshop_answers_by_question" ON "workshop_answers" USING btree ("workshop_id","question_index");--> statement-breakpoint
CREATE INDEX "workshop_invitations_by_youth" ON "workshop_invitations" USING btree ("youth_id");--> statement-breakpoint
CREATE UNIQUE INDEX "workshop_player_once_per_youth" ON "workshop_players" USING btree ("workshop_id","youth_id") WHERE "workshop_players"."youth_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "workshop_player_nickname_unique" ON "workshop_players" USING btree ("workshop_id",lower("nickname"));--> statement-breakpoint
CREATE UNIQUE INDEX "workshop_player_secret_unique" ON "workshop_players" USING btree ("secret_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "workshop_join_code_unique_while_open" ON "workshops" USING btree ("join_code") WHERE "workshops"."join_code" is not null and "workshops"."phase" <> 'ended';--> statement-breakpoint
CREATE INDEX "workshops_by_structure" ON "workshops" USING btree ("structure_id","starts_at");