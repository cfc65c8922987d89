namespace Holon.Data.Npgsql.Tests;

public sealed class EnvironmentTests
{
    static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Missing_servers_skip_on_a_developer_machine_with_how_to_start_them()
    {
        var env = PgEnvironment.From(Env());
        Assert.False(env.MustFail);
        Assert.Contains("HOLON_PG_PRIMARY is not set", env.Problem);
        Assert.Contains("bash .ci/pg start", env.Problem);
    }

    [Fact]
    public void Missing_servers_fail_in_CI()
    {
        var env = PgEnvironment.From(Env(("CI", "true"), ("HOLON_PG_PRIMARY", "Host=x")));
        Assert.True(env.MustFail);
        Assert.Contains("HOLON_PG_STANDBY is not set", env.Problem);
        Assert.ThrowsAny<Exception>(env.Require); // Assert.Fail, never a skip
    }

    [Fact]
    public void Both_variables_set_means_no_problem()
    {
        var env = PgEnvironment.From(Env(("CI", "true"), ("HOLON_PG_PRIMARY", "Host=a"), ("HOLON_PG_STANDBY", "Host=b")));
        Assert.Null(env.Problem);
        Assert.Equal("Host=a", env.Primary);
        Assert.Equal("Host=b", env.Standby);
        env.Require(); // returns
    }
}
