/** The simulated kubernetes-cronhpa-controller (see README.md). */
export { cronHpaController, CronHpaSettings } from './cronhpa-controller';
