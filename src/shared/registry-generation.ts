/**
 * The two generations of the Python library's registry layout (details in the engine's
 * `registries/generations.ts`). Shared so that the contract, the engine and the renderer name them alike.
 */
export const REGISTRY_GENERATIONS = ['zenml', 'mindtrace'] as const;
export type RegistryGeneration = (typeof REGISTRY_GENERATIONS)[number];

/**
 * For a new registry: the generation `pip install mindtrace-datalake` resolves today (mindtrace-registry
 * 0.16), so a fresh Python install reads what the app writes. Existing registries keep their own.
 */
export const DEFAULT_REGISTRY_GENERATION: RegistryGeneration = 'mindtrace';

/** How the generations are named to a person (settings, the connections screen, the README). */
export const REGISTRY_GENERATION_LABELS: Record<RegistryGeneration, string> = {
  zenml: 'mindtrace-registry 0.5–0.11 (zenml materializers)',
  mindtrace: 'mindtrace-registry 0.12 and later',
};
