/**
 * AgentCore's health answer on `/ping`: `HealthyBusy` while work runs, else `Healthy`;
 * `time_of_last_update` (Unix seconds) changes only when the status does.
 */
export class Health {
  private running = 0;
  private changedAt = Math.floor(Date.now() / 1000);

  public begin(): void {
    if (this.running++ === 0) this.changedAt = Math.floor(Date.now() / 1000);
  }

  public end(): void {
    if (--this.running === 0) this.changedAt = Math.floor(Date.now() / 1000);
  }

  public status(): { status: 'Healthy' | 'HealthyBusy'; time_of_last_update: number } {
    return {
      status: this.running > 0 ? 'HealthyBusy' : 'Healthy',
      time_of_last_update: this.changedAt,
    };
  }
}
