import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Membership, ProjectRole } from '../accounts/membership.entity.js';
import { AccountService } from '../accounts/account.service.js';
import { projectAccessOf } from '../auth/access.js';
import { ProjectAccess } from '../auth/access.types.js';
import { Allow, Rules } from '../auth/rules.js';
import { UUID } from '../common/ids.js';
import { CurrentViewer, type Viewer } from '../auth/viewer.js';
import type { Context } from '../context.js';
import { Round } from '../rounds/round.entity.js';
import { CreateProjectInput, UpdateProjectInput } from './project.inputs.js';
import { Project } from './project.entity.js';
import { ProjectService } from './project.service.js';

const projectFromId = { arg: 'id' };
const projectItself = { parent: (project: unknown) => (project as Project).id };

@Resolver(() => Project)
export class ProjectResolver {
  @Allow(Rules.signedIn)
  @Query(() => [Project], { description: 'The projects you are a member of (admins: all), by name' })
  projects(@CurrentViewer() viewer: Viewer, @Ctx() { em }: Context): Promise<Project[]> {
    return new ProjectService(em).listFor(viewer);
  }

  @Allow(Rules.memberOf(projectFromId))
  @Query(() => Project, { description: 'One project by id' })
  project(@Arg('id', () => UUID) id: string, @Ctx() { em }: Context): Promise<Project> {
    return new ProjectService(em).get(id);
  }

  @Allow(Rules.admin)
  @Mutation(() => Project, { description: 'Creates a project (admins)' })
  createProject(
    @Arg('input') input: CreateProjectInput,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em }: Context,
  ): Promise<Project> {
    return new ProjectService(em).create(input, viewer);
  }

  @Allow(Rules.researcherOf(projectFromId))
  @Mutation(() => Project, {
    description: "Changes a project's name, slug, organisation or description (its researchers and admins)",
  })
  updateProject(
    @Arg('id', () => UUID) id: string,
    @Arg('input') input: UpdateProjectInput,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em }: Context,
  ): Promise<Project> {
    return new ProjectService(em).update(id, input, viewer);
  }

  @Allow(Rules.researcherOf(projectItself))
  @FieldResolver(() => [Membership], {
    description: 'Who has a role in the project (its researchers and admins)',
  })
  memberships(@Root() project: Project, @Ctx() { em }: Context): Promise<Membership[]> {
    return new AccountService(em).membershipsOfProject(project.id);
  }

  @Allow(Rules.memberOf(projectItself))
  @FieldResolver(() => [Round], { description: "The project's rounds, oldest first" })
  rounds(@Root() project: Project, @Ctx() { loaders }: Context): Promise<Round[]> {
    return loaders.roundsOfProject.load(project.id);
  }

  @Allow(Rules.signedIn)
  @FieldResolver(() => ProjectRole, {
    nullable: true,
    description: 'Your role in the project; null for admins without one',
  })
  myRole(@Root() project: Project, @CurrentViewer() viewer: Viewer): ProjectRole | null {
    return viewer.roles.get(project.id) ?? null;
  }

  @Allow(Rules.signedIn)
  @FieldResolver(() => ProjectAccess, { description: 'What you may read of the project' })
  viewerAccess(@Root() project: Project, @CurrentViewer() viewer: Viewer): ProjectAccess {
    return projectAccessOf(viewer, project.id);
  }
}
