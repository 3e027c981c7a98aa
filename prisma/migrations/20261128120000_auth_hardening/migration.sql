-- AlterTable
ALTER TABLE "User" ADD COLUMN "totpPendingSecret" TEXT;

-- AlterTable
ALTER TABLE "Session" ADD COLUMN "reauthFailures" INTEGER NOT NULL DEFAULT 0;

-- An enrolment begun but never confirmed left its secret (in clear) in "totpSecret"; it was never in use.
UPDATE "User" SET "totpSecret" = NULL WHERE "totpEnabled" = false;

-- The sign-in counters are keyed anew (address, account, account+address); the old ones are dropped.
DELETE FROM "LoginThrottle";
