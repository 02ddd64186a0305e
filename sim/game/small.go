package game

type mixedScratch struct{}
