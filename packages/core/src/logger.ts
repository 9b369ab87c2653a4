/** The slice of pino's API core uses; the gateway passes its pino logger. */
export interface Logger {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
}

export const silentLogger: Logger = { error() {}, warn() {}, info() {} };
