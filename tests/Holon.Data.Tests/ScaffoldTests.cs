namespace Holon.Data.Tests;

public class ScaffoldTests
{
    [Fact]
    public void RuntimeAssemblyLoads() => Assert.Equal("Holon.Data", typeof(Holon.Data.DesignMarker).Assembly.GetName().Name);
}
