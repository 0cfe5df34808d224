/** An OS's name with its version, once: "Debian 12", "Ubuntu 24.04.1 LTS", "Windows 11 Pro 23H2". */
export function osNameAndVersion(name: string, version: string | null): string {
  return version === null || version === '' || name.includes(version) ? name : `${name} ${version}`;
}
