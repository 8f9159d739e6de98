/**
 * Progress of a --wait, rendered for stderr: one live line on a terminal (rewritten with \r), one
 * line per change elsewhere (CI logs keep every line, so only changes are worth a line). The
 * rendering functions are pure; {@link ProgressReporter} owns the timer and the stream.
 */
export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;

/** `0:07`, `12:05`, `1:02:03`. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${String(hours)}:${String(minutes).padStart(2, '0')}:${ss}` : `${String(minutes)}:${ss}`;
}

/** State shown by a progress line. */
export interface ProgressState {
  status: string;
  /** What the execution is doing (see {@link describeStage}); may be empty. */
  detail: string;
  elapsedMs: number;
}

/** `STATUS · detail`, or just the detail when it already ends its first part with the status. */
export function describeState(state: ProgressState): string {
  if (state.detail === '') return state.status;
  return state.detail.includes(`: ${state.status}`) ? state.detail : `${state.status} · ${state.detail}`;
}

/**
 * The live terminal line (without \r): spinner, state, elapsed. Cut to the terminal width by
 * shortening the description, so the spinner and the elapsed time always show.
 */
export function renderLiveLine(state: ProgressState, frame: number, columns = 100): string {
  const spinner = SPINNER_FRAMES[Math.abs(frame) % SPINNER_FRAMES.length] ?? '-';
  const width = Math.max(30, (columns > 0 ? columns : 100) - 1);
  const tail = ` · ${formatElapsed(state.elapsedMs)}`;
  const room = width - spinner.length - 1 - tail.length;
  let text = describeState(state);
  if (text.length > room) text = `${text.slice(0, Math.max(1, room - 1))}…`;
  return `${spinner} ${text}${tail}`;
}

/** One log line for a change: `[1:05] stage 1/3 Deploy to dev: RUNNING`. */
export function renderChangeLine(state: ProgressState): string {
  return `[${formatElapsed(state.elapsedMs)}] ${describeState(state)}`;
}

/** The key deciding whether a non-terminal line is due: status and detail. */
export function changeKey(state: ProgressState): string {
  return `${state.status}\u0000${state.detail}`;
}

export interface ProgressOutput {
  write(text: string): void;
  isTTY: boolean;
  columns?: number | undefined;
}

/** Writes progress to a stream; on a TTY it animates a spinner between polls. */
export class ProgressReporter {
  readonly #out: ProgressOutput;
  readonly #now: () => number;
  #state: ProgressState | undefined;
  #stateAt = 0;
  #lastKey: string | undefined;
  #frame = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #liveShown = false;

  constructor(out: ProgressOutput, now: () => number = Date.now) {
    this.#out = out;
    this.#now = now;
  }

  /** Records a poll's state and renders it. */
  update(state: ProgressState): void {
    this.#state = state;
    this.#stateAt = this.#now();
    if (this.#out.isTTY) {
      this.#drawLive();
      if (this.#timer === undefined) {
        this.#timer = setInterval(() => {
          this.#frame += 1;
          this.#drawLive();
        }, 120);
        this.#timer.unref();
      }
      return;
    }
    const key = changeKey(state);
    if (key !== this.#lastKey) {
      this.#lastKey = key;
      this.#out.write(`${renderChangeLine(state)}\n`);
    }
  }

  /** Stops the spinner and clears the live line. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#clearLive();
  }

  #drawLive(): void {
    if (this.#state === undefined) return;
    const elapsedMs = this.#state.elapsedMs + (this.#now() - this.#stateAt);
    this.#out.write(`\r\u001b[2K${renderLiveLine({ ...this.#state, elapsedMs }, this.#frame, this.#out.columns ?? 100)}`);
    this.#liveShown = true;
  }

  #clearLive(): void {
    if (this.#liveShown) this.#out.write('\r\u001b[2K');
    this.#liveShown = false;
  }
}
