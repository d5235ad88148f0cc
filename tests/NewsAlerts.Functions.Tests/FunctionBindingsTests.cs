using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using NewsAlerts.Functions.Articles;
using NewsAlerts.Functions.Watchlists;

namespace NewsAlerts.Functions;

/// <summary>
/// The shape of the function classes: one trigger each, thin. What each trigger is bound to is pinned from the
/// built metadata in <see cref="EndToEnd.FunctionMetadataTests"/>.
/// </summary>
public class FunctionBindingsTests
{
    private static readonly Type[] FunctionClasses = typeof(ProcessArticle).Assembly.GetTypes()
        .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToArray();

    [Fact]
    public void EachFunctionIsOneClassNamedAfterIt()
    {
        Assert.Equal(
            ["CreateWatchlist", "DeleteWatchlist", "ListWatchlists", "PlanDigests", "ProcessArticle", "ProcessArticlePolling", "SendDigest", "Unsubscribe"],
            FunctionClasses.Select(t => t.Name));
        foreach (var type in FunctionClasses)
        {
            var function = Assert.Single(type.GetMethods(), m => m.GetCustomAttribute<FunctionAttribute>() is not null);
            Assert.Equal(type.Name, function.GetCustomAttribute<FunctionAttribute>()!.Name);
            Assert.Single(function.GetParameters(), p => p.GetCustomAttributes().Any(a => a is Microsoft.Azure.Functions.Worker.Extensions.Abstractions.TriggerBindingAttribute));
            Assert.Contains(function.GetParameters(), p => p.ParameterType == typeof(FunctionContext));
        }
    }

    [Fact]
    public void ProcessArticleBindsTheBlobNameNotItsContent()
    {
        foreach (var type in new[] { typeof(ProcessArticle), typeof(ProcessArticlePolling) })
        {
            var parameters = Function(type).GetParameters();
            Assert.Equal(typeof(Azure.Storage.Blobs.BlobClient), parameters.Single(p => p.GetCustomAttribute<BlobTriggerAttribute>() is not null).ParameterType);
            Assert.Contains(parameters, p => p.Name == "name" && p.ParameterType == typeof(string));
        }
    }

    [Fact]
    public void DeleteWatchlistBindsBothRouteValues()
    {
        var names = Function(typeof(DeleteWatchlist)).GetParameters().Select(p => p.Name).ToList();
        Assert.Contains("email", names);
        Assert.Contains("name", names);
    }

    private static MethodInfo Function(Type type) => type.GetMethods().Single(m => m.GetCustomAttribute<FunctionAttribute>() is not null);
}
