// The part of web-ext's programmatic API the harness uses (web-ext ships no types).
declare module 'web-ext' {
  interface BuildResult {
    extensionPath: string;
  }
  const webExt: {
    cmd: {
      build(
        params: { sourceDir: string; artifactsDir: string; overwriteDest?: boolean; filename?: string },
        options?: { showReadyMessage?: boolean },
      ): Promise<BuildResult>;
    };
  };
  export default webExt;
}
