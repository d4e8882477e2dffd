/** The apiVersion of simulation documents (as opposed to Kubernetes objects) in scenarios. */
export const SIM_API_VERSION = 'sim.scaleguard.dev/v1alpha1';
