/**
 * The two generations of the Python registry layout. Both use the same folders, YAML commit files and
 * payload bytes; they differ in materializer names, the image file's name and class, and the hash:
 *
 * - `zenml` — mindtrace-registry 0.5–0.11: zenml materializers, `image_file.<FORMAT>` with Pillow's
 *   per-format class, and the plain hash (each file's path then its bytes).
 * - `mindtrace` — mindtrace-registry 0.12+ (with mindtrace-core 0.13+): the registry's own archivers,
 *   `image.png` with class `PIL.Image.Image`, and the framed hash (`P\0` path `\0C\0` bytes `\0F\0`).
 *
 * Readers accept both always; a writer uses the generation the registry already holds, and for a new
 * registry the one its settings choose (DEFAULT_REGISTRY_GENERATION unless set).
 */

import {
  DEFAULT_REGISTRY_GENERATION,
  REGISTRY_GENERATIONS,
  type RegistryGeneration,
} from '#shared/registry-generation';

export { DEFAULT_REGISTRY_GENERATION, REGISTRY_GENERATIONS, type RegistryGeneration };

/** How each generation hashes an object's files. */
export type HashFraming = 'plain' | 'framed';

export interface GenerationLayout {
  /** Short human description (README, UI). */
  label: string;
  hash: HashFraming;
  materializers: {
    container: string;
    builtIn: string;
    bytes: string;
    pillow: string;
    numpy: string;
  };
}

export const GENERATION_LAYOUTS: Record<RegistryGeneration, GenerationLayout> = {
  zenml: {
    label: 'mindtrace-registry 0.5–0.11 (zenml materializers, plain hash)',
    hash: 'plain',
    materializers: {
      container: 'zenml.materializers.BuiltInContainerMaterializer',
      builtIn: 'zenml.materializers.built_in_materializer.BuiltInMaterializer',
      bytes: 'zenml.materializers.BytesMaterializer',
      pillow: 'zenml.integrations.pillow.materializers.pillow_image_materializer.PillowImageMaterializer',
      numpy: 'zenml.integrations.numpy.materializers.numpy_materializer.NumpyMaterializer',
    },
  },
  mindtrace: {
    label: 'mindtrace-registry 0.12+ (mindtrace archivers, framed hash)',
    hash: 'framed',
    materializers: {
      container: 'mindtrace.registry.archivers.builtin_materializers.BuiltInContainerMaterializer',
      builtIn: 'mindtrace.registry.archivers.builtin_materializers.BuiltInMaterializer',
      bytes: 'mindtrace.registry.archivers.builtin_materializers.BytesMaterializer',
      pillow: 'mindtrace.registry.archivers.integration_materializers.PillowImageMaterializer',
      numpy: 'mindtrace.registry.archivers.integration_materializers.NumpyMaterializer',
    },
  },
};

const MODERN_PREFIXES = [
  'mindtrace.registry.archivers.builtin_materializers.',
  'mindtrace.registry.archivers.integration_materializers.',
];

/** The generation a materializer name belongs to, or null for names both share or neither knows. */
export function generationOfMaterializer(materializer: string): RegistryGeneration | null {
  if (materializer.startsWith('zenml.')) return 'zenml';
  if (MODERN_PREFIXES.some((p) => materializer.startsWith(p))) return 'mindtrace';
  return null;
}

/** The hash framing an object most likely uses, by its materializer's generation (null: unknown). */
export function hashFramingOf(materializer: string): HashFraming | null {
  const generation = generationOfMaterializer(materializer);
  return generation ? GENERATION_LAYOUTS[generation].hash : null;
}

/**
 * The generation that `registry_metadata.json` shows, or null. Python registers its default materializers
 * there whenever it opens a registry, and 0.12+ replaces the zenml names, so a modern name means a modern
 * Python has used the registry (zenml names of classes it has no default for may remain beside them).
 */
export function generationOfRegistryMetadata(text: string): RegistryGeneration | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const map = (parsed as { materializers?: unknown } | null)?.materializers;
  if (!map || typeof map !== 'object') return null;
  const found = new Set(
    Object.values(map as Record<string, unknown>).map((m) =>
      typeof m === 'string' ? generationOfMaterializer(m) : null,
    ),
  );
  if (found.has('mindtrace')) return 'mindtrace';
  if (found.has('zenml')) return 'zenml';
  return null;
}

/** Which generation a new registry at `uri` is written in (the engine option, see RegistryOptions). */
export interface GenerationSetting {
  /** Every new registry (default: DEFAULT_REGISTRY_GENERATION). */
  default?: RegistryGeneration;
  /** Per scheme, over `default`. */
  file?: RegistryGeneration;
  s3?: RegistryGeneration;
  gs?: RegistryGeneration;
  /** Per registry URI exactly as given to addDatum, over the scheme's. */
  uris?: Record<string, RegistryGeneration>;
}

export function generationFor(
  setting: GenerationSetting | undefined,
  uri: string,
  scheme: 'file' | 's3' | 'gs',
): RegistryGeneration {
  const byUri = setting?.uris && Object.hasOwn(setting.uris, uri) ? setting.uris[uri] : undefined;
  return byUri ?? setting?.[scheme] ?? setting?.default ?? DEFAULT_REGISTRY_GENERATION;
}
