/**
 * Port of Charm++'s LeanMD mini-app (a later issue).
 */
package org.charm4j.apps.leanmd;
