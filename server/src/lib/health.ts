/** What /readyz reports: the store answers, and no Yjs writes are waiting for it. */
export class StoreHealth {
  private failingDocs = new Set<string>();
  private lastError: string | null = null;

  writeFailed(docName: string, err: unknown): void {
    this.failingDocs.add(docName);
    this.lastError = err instanceof Error ? err.message : String(err);
  }

  writeSucceeded(docName: string): void {
    this.failingDocs.delete(docName);
  }

  get degraded(): boolean {
    return this.failingDocs.size > 0;
  }

  report(): { pendingDocs: number; lastError: string | null } {
    return { pendingDocs: this.failingDocs.size, lastError: this.degraded ? this.lastError : null };
  }
}
