// Profiles (the project's names for routing generations) and the npm releases they pin.
// Mirrors model/src/profile.rs.

export const RELEASE_PROFILES = {
  "openclaw-2026.5.7": "2026.5.7",
  "openclaw-2026.5.12": "2026.5.12",
  "openclaw-2026.9.6": "2026.9.6",
};

/** Profiles that exist but pin no published release: vectors for them are skipped. */
export const UNRELEASED_PROFILES = [
  "reference",
  "pr50818-untargeted-cron-wake",
  "pr50818-literal-main",
];

export const ALL_RELEASES = Object.values(RELEASE_PROFILES);

export function profileOfRelease(version) {
  return Object.keys(RELEASE_PROFILES).find((p) => RELEASE_PROFILES[p] === version);
}

export function isKnownProfile(name) {
  return name in RELEASE_PROFILES || UNRELEASED_PROFILES.includes(name);
}
