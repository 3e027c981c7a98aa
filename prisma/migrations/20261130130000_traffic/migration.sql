-- CreateTable
-- Each protocol's passed traffic per interval (lib/traffic/): 10 s, 1 min and 10 min rows, rolled up and pruned.
CREATE TABLE "TrafficSample" (
    "resolution" INTEGER NOT NULL,
    "protocol" TEXT NOT NULL,
    "at" BIGINT NOT NULL,
    "bytesOut" BIGINT NOT NULL DEFAULT 0,
    "packetsOut" BIGINT NOT NULL DEFAULT 0,
    "bytesIn" BIGINT NOT NULL DEFAULT 0,
    "packetsIn" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("resolution", "protocol", "at")
);

-- CreateIndex
CREATE INDEX "TrafficSample_at_idx" ON "TrafficSample"("at");
