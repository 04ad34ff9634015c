import networkx as nx
import pytest

from universe.errors import EntityNotFound, UniverseError
from universe.exchange.generate import tiny_universe
from universe.queries.graph import (
    build_graph,
    centrality,
    character_graph,
    connection_paths,
    family_view,
    neighbourhood,
    relation_phrase,
    simple_graph,
)


@pytest.fixture(scope="module")
def snapshot():
    return tiny_universe().as_of("S1E3", "canon")


def test_build_graph_has_typed_attributed_edges(snapshot):
    G = build_graph(snapshot)
    assert isinstance(G, nx.MultiDiGraph)
    assert set(G) == set(snapshot.entities)
    data = G.edges["bob", "alice", "bob/killed/alice/S1E2"]
    assert data["relation"] == "killed" and data["family"] == "conflict" and data["evidence"] == "canon"
    assert data["start"] == "S1E2" and data["holds"] is True
    assert G.nodes["alice"]["status"] == "dead" and G.nodes["alice"]["kind"] == "character"


def test_holding_only_drops_relations_that_ended(snapshot):
    assert G_has(build_graph(snapshot), "alice", "school")
    assert not G_has(build_graph(snapshot, holding_only=True), "alice", "school")


def G_has(G, u, v):
    return G.has_edge(u, v)


def test_derived_views(snapshot):
    G = build_graph(snapshot)
    characters = character_graph(G)
    assert set(characters) == {"alice", "bob", "carol", "ghost"}
    assert not characters.has_edge("dan", "alice")
    social = family_view(G, ["social"])
    assert {d["relation"] for _, _, d in social.edges(data=True)} == {"friend"}
    assert set(neighbourhood(G, "carol", 1)) == {"carol", "bob", "ghost"}
    with pytest.raises(EntityNotFound):
        neighbourhood(G, "nobody")


def test_simple_graph_counts_statements_as_weight(snapshot):
    H = simple_graph(build_graph(snapshot))
    assert H["alice"]["bob"]["weight"] == 2  # friends, and Bob killed Alice


@pytest.mark.parametrize(
    "label, phrase",
    [("friend of", "is friend of"), ("played by", "is played by"), ("bullies", "bullies"), ("killed", "killed")],
)
def test_relation_phrase(label, phrase):
    assert relation_phrase(label) == phrase


def test_connection_paths_explain_each_hop(snapshot):
    paths = connection_paths(snapshot, "ghost", "bob")
    assert paths, "ghost and bob are connected through carol"
    sentences = [hop.sentence(snapshot) for hop in paths[0]]
    assert sentences == ["Ghost is rival of Carol", "Carol is parent of Bob"]
    back = connection_paths(snapshot, "bob", "carol")[0]
    assert [hop.sentence(snapshot) for hop in back] == ["Bob is child of Carol"]


def test_connection_paths_respect_the_horizon():
    early = tiny_universe().as_of("S1E2", "canon")
    with pytest.raises(EntityNotFound):
        connection_paths(early, "ghost", "bob")



def test_connection_paths_respect_evidence():
    universe = tiny_universe()
    canon = universe.as_of(None, "canon")
    assert len(connection_paths(canon, "carol", "alice")[0]) == 2  # via Bob
    teased = universe.as_of(None, "teased")
    (hop,) = connection_paths(teased, "carol", "alice")[0]  # the teased friendship
    assert hop.statement.evidence.value == "teased"


def test_centrality_measures(snapshot):
    G = build_graph(snapshot)
    for measure in ("degree", "betweenness", "pagerank", "eigenvector"):
        scores = centrality(G, measure)
        assert set(scores) == set(G)
    assert max(centrality(G, "degree"), key=centrality(G, "degree").get) in {"alice", "bob", "carol"}
    with pytest.raises(UniverseError, match="unknown centrality measure 'fame'"):
        centrality(G, "fame")


def test_neighbourhood_keeps_the_graphs_order(snapshot):
    G = build_graph(snapshot)
    H = neighbourhood(G, "carol", 2)
    assert list(H) == [n for n in G if n in H]
    assert list(H.edges(keys=True)) == [e for e in G.edges(keys=True) if e[0] in H and e[1] in H]


# -- relation phrases for any label ---------------------------------------------------------

BUNDLED_LABELS = {
    "friend of": "is friend of", "in love with": "is in love with", "rescued": "rescued", "protects": "protects",
    "parent of": "is parent of", "bullies": "bullies", "killed": "killed", "has ability": "has ability",
    "member of": "is member of", "located at": "is located at", "involved in": "is involved in", "plays": "plays",
    "appears in": "appears in", "directed": "directed", "written by": "is written by", "based on": "is based on",
    "child of": "is child of", "loved by": "is loved by", "contains": "contains", "has member": "has member",
}
IMPORTED_LABELS = {
    "interacts with": "interacts with", "appears with": "appears with", "co-appears with": "co-appears with",
    "appears_with": "appears with", "mentor": "is mentor of", "ally": "is ally of", "knows": "knows",
    "married to": "is married to", "a rival of": "is a rival of", "speaks to": "speaks to",
}


@pytest.mark.parametrize("label, phrase", [*BUNDLED_LABELS.items(), *IMPORTED_LABELS.items()])
def test_relation_phrases_are_grammatical_for_any_label(label, phrase):
    assert relation_phrase(label) == phrase
    assert not relation_phrase(label).startswith(("is interacts", "is appears", "is knows"))


def test_a_hop_against_a_relation_without_inverse_reads_forwards():
    import networkx as nx

    from universe.exchange.importers import from_networkx

    G = nx.DiGraph()
    G.add_edge("Oberyn Martell", "Cersei Lannister")
    G.add_edge("Jon Snow", "Cersei Lannister")
    documents = from_networkx(G, universe_id="got")
    documents.universe["relations"]["interacts"].pop("inverse")  # a relation a universe declared without one
    snapshot = documents.load().as_of()
    oberyn = snapshot.find("Oberyn Martell").id
    jon = snapshot.find("Jon Snow").id
    path = connection_paths(snapshot, oberyn, jon)[0]
    sentences = [hop.sentence(snapshot) for hop in path]
    assert sentences == ["Oberyn Martell interacts with Cersei Lannister", "Jon Snow interacts with Cersei Lannister"]
    assert not any(" is interacts" in s or "(inverse)" in s for s in sentences)


# -- the co-appearance projection -----------------------------------------------------------


def _comics():
    import networkx as nx

    from universe.exchange.importers import from_networkx

    G = nx.Graph()
    heroes = {"Spider-Man": "hero", "Mary Jane": "hero", "Wolverine": "hero", "Storm": "hero"}
    issues = {"ASM 1": "comic", "ASM 2": "comic", "X-Men 1": "comic"}
    for name, kind in {**heroes, **issues}.items():
        G.add_node(name, type=kind)
    G.add_edges_from([("Spider-Man", "ASM 1"), ("Mary Jane", "ASM 1"), ("Spider-Man", "ASM 2"), ("Mary Jane", "ASM 2"),
                      ("Wolverine", "X-Men 1"), ("Storm", "X-Men 1"), ("Spider-Man", "X-Men 1")])
    return from_networkx(G, universe_id="comics", kind_attr="type", principal_kinds=("hero",)).load()


def test_co_appearance_links_characters_by_shared_works():
    from universe.queries.graph import co_appearance

    universe = _comics()
    G = build_graph(universe.as_of())
    H = co_appearance(G, universe.principal)
    assert {H.nodes[n]["name"] for n in H} == {"Spider-Man", "Mary Jane", "Wolverine", "Storm"}
    weights = {frozenset((H.nodes[u]["name"], H.nodes[v]["name"])): w for u, v, w in H.edges(data="weight")}
    assert weights == {
        frozenset({"Spider-Man", "Mary Jane"}): 2,
        frozenset({"Spider-Man", "Wolverine"}): 1, frozenset({"Spider-Man", "Storm"}): 1, frozenset({"Wolverine", "Storm"}): 1,
    }
    assert all(d["symmetric"] and d["relation"] == "co-appears" for *_, d in H.edges(data=True))


def test_a_directed_import_reads_grammatically_from_both_ends():
    import networkx as nx

    from universe.exchange.importers import from_networkx
    from universe.queries.profile import profile_record

    G = nx.DiGraph()
    G.add_edge("Oberyn Martell", "Cersei Lannister")
    snapshot = from_networkx(G, universe_id="got").load().as_of()
    cersei = profile_record(snapshot, snapshot.find("Cersei Lannister").id)
    labels = [row["label"] for row in cersei["relations"]]
    assert labels == ["interacted with by"] and relation_phrase(labels[0]) == "is interacted with by"
