namespace Holon.Data;

/// <summary>Temporary marker until the runtime lands.</summary>
public static class DesignMarker;
