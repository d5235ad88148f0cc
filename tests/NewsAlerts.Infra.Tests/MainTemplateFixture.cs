namespace NewsAlerts.Infra.Tests;

/// <summary>infra/main.bicep compiled once for all the tests that read it.</summary>
public sealed class MainTemplateFixture : IAsyncLifetime
{
    internal ArmTemplate Template { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Template = new ArmTemplate(await BicepCli.BuildAsync(Path.Combine("infra", "main.bicep")));

    public Task DisposeAsync() => Task.CompletedTask;
}
