using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NewsAlerts.Functions.Articles;
using NewsAlerts.Functions.Digests;
using NewsAlerts.Functions.Watchlists;

namespace NewsAlerts.Functions;

/// <summary>The bindings the host reads from the functions' attributes: what triggers each function, and how.</summary>
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
    public void ProcessArticleIsNotifiedByEventGridAndItsTwinPollsTheSameContainer()
    {
        var eventGrid = Trigger<BlobTriggerAttribute>(typeof(ProcessArticle));
        var polling = Trigger<BlobTriggerAttribute>(typeof(ProcessArticlePolling));
        Assert.Equal("%NewsAlerts:ArticlesContainer%/{name}", eventGrid.BlobPath);
        Assert.Equal(BlobTriggerSource.EventGrid, eventGrid.Source);
        Assert.Equal(eventGrid.BlobPath, polling.BlobPath);
        Assert.Equal(BlobTriggerSource.LogsAndContainerScan, polling.Source);
        Assert.Null(eventGrid.Connection);
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
    public void PlanDigestsRunsOnTheConfiguredSchedule()
    {
        var timer = Trigger<TimerTriggerAttribute>(typeof(PlanDigests));
        Assert.Equal("%NewsAlerts:DigestSchedule%", timer.Schedule);
        Assert.True(timer.UseMonitor);
        Assert.False(timer.RunOnStartup);
    }

    [Fact]
    public void SendDigestReadsTheConfiguredQueue()
    {
        var queue = Trigger<QueueTriggerAttribute>(typeof(SendDigest));
        Assert.Equal("%NewsAlerts:DigestQueue%", queue.QueueName);
        Assert.Null(queue.Connection);
    }

    [Theory]
    [InlineData(typeof(CreateWatchlist), "watchlists", "post")]
    [InlineData(typeof(ListWatchlists), "watchlists", "get")]
    [InlineData(typeof(DeleteWatchlist), "watchlists/{email}/{name}", "delete")]
    public void WatchlistEndpointsNeedAFunctionKey(Type function, string route, string method)
    {
        var http = Trigger<HttpTriggerAttribute>(function);
        Assert.Equal(AuthorizationLevel.Function, http.AuthLevel);
        Assert.Equal(route, http.Route);
        Assert.Equal([method], http.Methods!);
        Assert.Equal(typeof(HttpRequest), Function(function).GetParameters()[0].ParameterType);
    }

    [Fact]
    public void DeleteWatchlistBindsBothRouteValues()
    {
        var names = Function(typeof(DeleteWatchlist)).GetParameters().Select(p => p.Name).ToList();
        Assert.Contains("email", names);
        Assert.Contains("name", names);
    }

    [Fact]
    public void UnsubscribeIsOpenToAnyoneByGetAndOneClickPost()
    {
        var http = Trigger<HttpTriggerAttribute>(typeof(Unsubscribe));
        Assert.Equal(AuthorizationLevel.Anonymous, http.AuthLevel);
        Assert.Equal("unsubscribe", http.Route);
        Assert.Equal(["get", "post"], http.Methods!);
    }

    private static MethodInfo Function(Type type) => type.GetMethods().Single(m => m.GetCustomAttribute<FunctionAttribute>() is not null);

    private static T Trigger<T>(Type type)
        where T : Attribute =>
        Function(type).GetParameters().Select(p => p.GetCustomAttribute<T>()).Single(a => a is not null)!;
}
