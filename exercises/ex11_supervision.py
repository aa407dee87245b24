"""Exercice 11 — Superviser un groupe de tâches : TaskGroup et timeout.

Ce que fait ce code
    `executer_groupe(travaux, delai, nettoyer)` lance en même temps tous les
    travaux de la liste `travaux` : ce sont des fonctions async sans argument,
    on démarre un travail en l'appelant, `travail()`. La fonction attend
    qu'ils soient tous finis et renvoie la liste de leurs résultats, dans
    l'ordre de `travaux` (sans travaux, la liste vide). Enfin, elle appelle
    `nettoyer()` pour libérer ce que les travaux utilisaient ; `nettoyer`
    est une fonction ordinaire (pas async) : on l'appelle sans await.

Ce qui ne va pas
    Tant que tout se passe bien, rien. Mais personne ne supervise le groupe :
    - si un travail échoue, les autres continuent de tourner (ou de finir
      pour rien), même quand la fonction a déjà rendu la main, et
      `nettoyer()` n'est jamais appelé ;
    - le délai `delai` (en secondes) est ignoré : un travail trop long fait
      attendre tout le monde, aussi longtemps qu'il veut.

Ce qu'il faut changer
    - Si un travail lève une exception, les autres sont annulés aussitôt et
      l'erreur remonte à l'appelant : telle quelle, ou dans un ExceptionGroup
      (c'est ce que fait asyncio.TaskGroup ; les deux sont acceptés).
    - Si l'ensemble dure plus de `delai` secondes, tous les travaux encore
      en cours sont annulés et TimeoutError remonte à l'appelant (seul, ou
      dans un ExceptionGroup), même si certains travaux avaient déjà fini.
    - Dans tous les cas (succès, erreur, délai dépassé), `nettoyer()` est
      appelé une fois, quand plus aucun travail ne tourne.
    - Quand la fonction rend la main (ou lève une exception), plus aucun
      travail ne doit tourner.
    `asyncio.TaskGroup` et `asyncio.timeout` (Python 3.11 et plus) font
    l'essentiel ; un `try: … finally:` fait le reste.

Ce qui est vérifié (chaque point est contrôlé par au moins un test caché)
    E1. executer_groupe lance tous les travaux en même temps, chacun une
        seule fois (travail()) ; une fonction qui figure deux fois dans
        travaux compte pour deux travaux.
    E2. Quand tous les travaux réussissent, elle renvoie la liste de leurs
        résultats dans l'ordre de travaux, pas dans l'ordre où ils finissent
        (et [] pour une liste vide).
    E3. Si un travail lève une exception, quelle que soit sa place dans la
        liste, cette exception remonte à l'appelant, telle quelle ou dans un
        ExceptionGroup.
    E4. Si un travail échoue, les autres sont annulés aussitôt : aucun ne
        continue jusqu'au bout.
    E5. Si l'ensemble dure plus de delai secondes, TimeoutError remonte à
        l'appelant peu après l'échéance (seul ou dans un ExceptionGroup),
        même si certains travaux avaient déjà fini.
    E6. À l'échéance, tous les travaux encore en cours sont annulés.
    E7. nettoyer() est appelé exactement une fois dans tous les cas :
        succès, erreur, délai dépassé.
    E8. nettoyer() est appelé quand plus aucun travail ne tourne.
    E9. Quand executer_groupe rend la main ou lève une exception, plus aucun
        travail ne tourne : ceux qui restaient ont été annulés, et leur
        annulation attendue.
    C1. Ton code ne bloque jamais la boucle d'événements : ni appel bloquant
        (time.sleep, lecture synchrone) ni long calcul dans une coroutine.
    C2. Quand ta fonction rend la main, aucune des tâches qu'elle a lancées
        ne tourne encore.
    C4. Toute coroutine créée est attendue : aucune n'est oubliée sans
        await.

À relire dans le cours
    « Quand choisir asyncio ? » (la supervision centralisée des tâches)

Pour essayer : python exercises/ex11_supervision.py
Pour tester :  nox -- 11
Pour voir la chronologie de ton code, même quand il passe :  nox -- 11 --chronologie
"""

import asyncio


async def executer_groupe(travaux, delai, nettoyer):
    taches = [asyncio.create_task(travail()) for travail in travaux]
    resultats = []
    for tache in taches:
        resultats.append(await tache)
    nettoyer()
    return resultats


# ---------------------------------------------------------------------------
# Démonstration : ce code ne tourne que si tu lances ce fichier directement.


async def travail_rapide():
    await asyncio.sleep(0.1)
    return "rapide : fini"


async def travail_qui_echoue():
    await asyncio.sleep(0.2)
    raise ConnectionError("le serveur ne répond plus")


async def travail_lent():
    await asyncio.sleep(1)
    print("  travail_lent : terminé")
    return "lent : fini"


def nettoyer_demo():
    print("  nettoyage fait")


async def main():
    print("1. Un travail échoue :")
    try:
        await executer_groupe([travail_rapide, travail_qui_echoue, travail_lent], 5, nettoyer_demo)
    except Exception as erreur:
        print(f"  erreur reçue : {erreur!r}")
    print("  … le programme continue ; si un travail se termine maintenant, personne ne l'a arrêté")
    await asyncio.sleep(1.2)

    print("2. Délai de 0,5 s, travail d'une seconde :")
    try:
        resultats = await executer_groupe([travail_rapide, travail_lent], 0.5, nettoyer_demo)
        print(f"  résultats : {resultats} (il fallait un TimeoutError au bout de 0,5 s)")
    except TimeoutError:
        print("  TimeoutError : le délai est respecté")


if __name__ == "__main__":
    asyncio.run(main())
