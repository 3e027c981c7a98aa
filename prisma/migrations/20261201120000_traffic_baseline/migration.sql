-- CreateTable
-- The traffic sampler's last reading of the kernel's counters (lib/traffic/baseline.ts): kept here, not in a
-- process, so two samplers (`lintas serve` and a `lintas watch` started by hand) store each byte once.
CREATE TABLE "TrafficBaseline" (
    "id" INTEGER NOT NULL PRIMARY KEY DEFAULT 1,
    "appliedAt" BIGINT,
    "readAt" BIGINT NOT NULL,
    "counts" TEXT NOT NULL
);
