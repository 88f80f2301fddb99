using VolunteerGrid.Shared.Protocol;

namespace VolunteerGrid.Tests.Protocol;

public sealed class PlainFileNameTests
{
    [Theory]
    [InlineData("a.fits")]
    [InlineData("tile_01-02.fits.gz")]
    [InlineData(".hidden")]
    [InlineData("...")]
    public void IsValid_PlainNames_AreAccepted(string name) => Assert.True(PlainFileName.IsValid(name));

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData(".", "not a file name")]
    [InlineData("..", "not a file name")]
    [InlineData("a/b", "contains '/'")]
    [InlineData("a\\b", "contains '\\'")]
    [InlineData("C:x", "contains ':'")]
    [InlineData("a b", "contains '\\u0020'")]
    [InlineData("a\nb", "contains '\\u000a'")]
    [InlineData("é.fits", "contains 'é'")]
    public void Explain_NotPlain_SaysWhy(string? name, string expected)
    {
        Assert.False(PlainFileName.IsValid(name));
        Assert.Contains(expected, PlainFileName.Explain(name));
    }

    [Fact]
    public void Explain_TooLong_GivesTheLimit()
    {
        var name = new string('a', PlainFileName.MaxLength + 1);
        Assert.Contains($"at most {PlainFileName.MaxLength}", PlainFileName.Explain(name));
        Assert.True(PlainFileName.IsValid(name[1..]));
    }

    [Theory]
    [InlineData("mosaic.fits")]
    [InlineData("masters/bias.fits")]
    [InlineData("a/b/c.fits")]
    public void ExplainRelativePath_PlainSegments_Accepted(string path) => Assert.Null(PlainFileName.ExplainRelativePath(path));

    [Theory]
    [InlineData("../x.fits", "not a file name")]
    [InlineData("/etc/passwd", "required")]
    [InlineData("masters//bias.fits", "required")]
    [InlineData("masters/./bias.fits", "not a file name")]
    [InlineData("masters\\bias.fits", "contains '\\'")]
    public void ExplainRelativePath_EscapingOrEmptySegments_SaysWhy(string path, string expected) =>
        Assert.Contains(expected, PlainFileName.ExplainRelativePath(path));

    [Fact]
    public void GridRoutesFormat_CatchAllProductName_KeepsSlashesAndEscapesSegments() =>
        Assert.Equal("/api/v1/campaigns/c%201/products/masters/flat%2BR.fits",
            VolunteerGrid.Shared.Protocol.Grid.GridRoutes.Format(VolunteerGrid.Shared.Protocol.Grid.GridRoutes.CampaignProduct, ("id", "c 1"), ("name", "masters/flat+R.fits")));
}
