-- Switches that turn themselves off: the deadline of a switch that is on (NULL: on until turned off) and the time
-- it was given then, in seconds ("its 8 h were up"); and since when it is on, for the reminder.
ALTER TABLE "Passthrough" ADD COLUMN "expiresAt" DATETIME;
ALTER TABLE "Passthrough" ADD COLUMN "expirySeconds" INTEGER;
ALTER TABLE "Passthrough" ADD COLUMN "onSince" DATETIME;
-- A switch on before this was recorded: its last change is the best guess of when it was turned on.
UPDATE "Passthrough" SET "onSince" = "updatedAt" WHERE "enabled" = 1;

-- After how many days a switch left on is flagged ("PPTP has been open for 41 days: still needed?"); row 1.
CREATE TABLE "OpenReminder" (
    "id" INTEGER NOT NULL PRIMARY KEY DEFAULT 1,
    "days" INTEGER NOT NULL DEFAULT 30
);
