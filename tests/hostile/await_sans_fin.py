"""Un await qui ne finit jamais : attend un événement que personne ne déclenche.

Chaque appel est interrompu par la limite du test (5 à 10 s), et le budget du
correcteur (10 s) arrête l'exercice. Le message du premier test (« L'appel ne
s'est pas terminé ») n'est pas exigé : il dépend du temps de démarrage.

Exercice : ex04_await_oublie
Message attendu : ne se terminaient pas
"""

import asyncio


async def enregistrer_scores(scores, sauvegarder, notifier):
    for nom, score in scores.items():
        await sauvegarder(nom, score)
    confirmation = asyncio.Event()
    await confirmation.wait()  # personne n'appelle confirmation.set()
    return await notifier(f"{len(scores)} scores enregistrés")
