// Stand-in: FunctionsApplication/FunctionsApplicationBuilder (Microsoft.Azure.Functions.Worker) and
// ConfigureFunctionsWebApplication (Microsoft.Azure.Functions.Worker.Extensions.Http.AspNetCore).
namespace Microsoft.Azure.Functions.Worker.Builder;

using System.Collections.Generic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

public class FunctionsApplication
{
    public static FunctionsApplicationBuilder CreateBuilder(string[] args) => new(args);
}

/// <summary>Holds a plain host builder; the real one also sets up the worker.</summary>
public class FunctionsApplicationBuilder : IHostApplicationBuilder
{
    private readonly HostApplicationBuilder _builder;

    internal FunctionsApplicationBuilder(string[]? args) => _builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = args });

    public IDictionary<object, object> Properties => ((IHostApplicationBuilder)_builder).Properties;

    public IConfigurationManager Configuration => _builder.Configuration;

    public IHostEnvironment Environment => _builder.Environment;

    public ILoggingBuilder Logging => _builder.Logging;

    public IMetricsBuilder Metrics => _builder.Metrics;

    public IServiceCollection Services => _builder.Services;

    public void ConfigureContainer<TContainerBuilder>(IServiceProviderFactory<TContainerBuilder> factory, Action<TContainerBuilder>? configure = null)
        where TContainerBuilder : notnull => _builder.ConfigureContainer(factory, configure);

    public IHost Build() => _builder.Build();
}

public static class FunctionsApplicationBuilderAspNetCoreExtensions
{
    public static FunctionsApplicationBuilder ConfigureFunctionsWebApplication(this FunctionsApplicationBuilder builder) => builder;
}
