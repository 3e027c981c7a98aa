-- AlterTable
ALTER TABLE "Network" ADD COLUMN "hostFirewall" TEXT NOT NULL DEFAULT 'open';
