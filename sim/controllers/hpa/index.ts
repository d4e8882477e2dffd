/** The simulated HPA controller (see README.md). */
export { hpaController, HpaSettings } from './hpa-controller';
