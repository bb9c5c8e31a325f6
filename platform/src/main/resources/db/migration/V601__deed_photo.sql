-- 我为群众办实事: an optional photo per practical deed, kept in the database so that backups include it.
-- The content type is the one detected from the file's first bytes (JPEG or PNG), never the declared one.
CREATE TABLE deed_photo (
  deed_id      BIGINT      PRIMARY KEY REFERENCES practical_deed (id) ON DELETE CASCADE,
  content_type VARCHAR(20) NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
  bytes        BYTEA       NOT NULL,
  size         INTEGER     NOT NULL CHECK (size > 0 AND size <= 5242880),
  sha256       CHAR(64)    NOT NULL,
  uploaded_by  BIGINT      NOT NULL,
  uploaded_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  CHECK (octet_length(bytes) = size)
);
