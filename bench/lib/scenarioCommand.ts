/**
 * The command-line entry of one benchmark scenario (`npx tsx bench/<name>.ts
 * [--quick] [--reps N]`): cleanup on exit, the generator pinned to its CPU,
 * a short quiet-wait budget in quick mode, progress on stderr and the JSON
 * result alone on stdout.
 */
import { parseArgs } from './args'
import { installCleanup, machine, pinSelf, setDisturbanceBudget } from './proc'

export async function runScenarioCommand<O extends object, R>(
  name: string,
  options: { defaults: O; quick: Partial<O>; reps?: boolean; quickBudget?: boolean },
  run: (o: O, log: (line: string) => void) => Promise<R>,
): Promise<never> {
  installCleanup(10 * 60_000)
  pinSelf()
  const args = parseArgs(process.argv.slice(2))
  if (args.quick && options.quickBudget !== false) setDisturbanceBudget(10_000)
  const o: O = {
    ...options.defaults,
    ...(args.quick ? options.quick : {}),
    ...(options.reps && args.reps ? { reps: args.reps } : {}),
  }
  const result = await run(o, console.error)
  console.log(JSON.stringify({ machine: machine(), [name]: result }, null, 2))
  process.exit(0)
}
