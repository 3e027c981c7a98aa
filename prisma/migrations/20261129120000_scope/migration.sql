-- Scopes: who may use each protocol, to where (netfilter/scope.ts); NULL = everyone, everywhere, as before.
ALTER TABLE "Passthrough" ADD COLUMN "scope" TEXT;

-- What the scopes' names (LAN devices, server host names) resolved to, for the apply about to happen and the one
-- the kernel took: the read-back compares the kernel's sets with these.
ALTER TABLE "PendingConfig" ADD COLUMN "names" TEXT NOT NULL DEFAULT '{}';
ALTER TABLE "AppliedState" ADD COLUMN "names" TEXT NOT NULL DEFAULT '{}';
