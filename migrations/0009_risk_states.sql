-- Account risk modes (issue 8): ACTIVE (normal), REDUCING (exits only), HALTED (nothing new).
-- trading_enabled stays the switch older writers (ops CLI halt/resume, npm start) flip; a trigger keeps
-- the two consistent both ways, and a CHECK guarantees HALTED <=> NOT trading_enabled.

ALTER TABLE risk_state
  ADD COLUMN mode        text NOT NULL DEFAULT 'HALTED' CHECK (mode IN ('ACTIVE', 'REDUCING', 'HALTED')),
  -- An automatic REDUCING lasts until the next session opens; NULL = until someone changes it.
  ADD COLUMN mode_until  timestamptz,
  ADD COLUMN mode_set_by text NOT NULL DEFAULT 'ops' CHECK (mode_set_by IN ('ops', 'auto')),
  -- Why the account is REDUCING (halted_reason must stay NULL while trading is enabled).
  ADD COLUMN mode_reason text;

UPDATE risk_state SET mode = CASE WHEN trading_enabled THEN 'ACTIVE' ELSE 'HALTED' END;

CREATE FUNCTION risk_state_sync_mode() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NOT NEW.trading_enabled THEN
      NEW.mode := 'HALTED';
    ELSIF NEW.mode = 'HALTED' THEN
      NEW.mode := 'ACTIVE';
    END IF;
  ELSIF NEW.mode IS DISTINCT FROM OLD.mode AND NEW.trading_enabled IS NOT DISTINCT FROM OLD.trading_enabled THEN
    -- A mode writer: derive the switch (REDUCING keeps trading enabled so exits keep running).
    NEW.trading_enabled := NEW.mode <> 'HALTED';
    IF NEW.trading_enabled THEN
      NEW.halted_reason := NULL;
    ELSIF NEW.halted_reason IS NULL THEN
      NEW.halted_reason := coalesce(NEW.mode_reason, 'halted');
    END IF;
  ELSIF NEW.trading_enabled IS DISTINCT FROM OLD.trading_enabled AND NEW.mode IS NOT DISTINCT FROM OLD.mode THEN
    -- A switch writer (ops halt / resume): the mode follows, and it was a person.
    NEW.mode := CASE WHEN NEW.trading_enabled THEN 'ACTIVE' ELSE 'HALTED' END;
    NEW.mode_set_by := 'ops';
  END IF;
  IF NEW.mode <> 'REDUCING' THEN
    NEW.mode_until := NULL;
    NEW.mode_reason := NULL;
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER risk_state_sync_mode BEFORE INSERT OR UPDATE ON risk_state
  FOR EACH ROW EXECUTE FUNCTION risk_state_sync_mode();

ALTER TABLE risk_state
  ADD CONSTRAINT risk_state_mode_matches_switch CHECK ((mode = 'HALTED') = (NOT trading_enabled)),
  ADD CONSTRAINT risk_state_mode_until_reducing CHECK (mode_until IS NULL OR mode = 'REDUCING');

COMMENT ON COLUMN risk_state.mode IS 'ACTIVE / REDUCING (exits only) / HALTED. Kept equal to trading_enabled by trigger risk_state_sync_mode: HALTED <=> NOT trading_enabled.';
